import { describe, expect, it } from '@jest/globals';
import { MemorySessionStore } from './memory-session-store.js';

function record(id: string, quotaKey?: string) {
  const now = Date.now();
  return { id, createdAt: now, lastSeenAt: now, ...(quotaKey ? { quotaKey } : {}) };
}

describe('MemorySessionStore.countByQuota', () => {
  it('counts the sessions created under one quota key, and forgets deleted ones', async () => {
    const store = new MemorySessionStore();
    await store.create(record('a', 'principal:alice'));
    await store.create(record('b', 'principal:alice'));
    await store.create(record('c', 'address:10.0.0.1'));
    await store.create(record('d'));
    expect(await store.countByQuota('principal:alice')).toBe(2);
    expect(await store.countByQuota('address:10.0.0.1')).toBe(1);
    await store.delete('a');
    await store.delete('a');
    expect(await store.countByQuota('principal:alice')).toBe(1);
    await store.touch('b');
    await store.update('b', { protocolVersion: '2025-11-25' });
    expect(await store.countByQuota('principal:alice')).toBe(1);
    expect(await store.countByQuota('principal:nobody')).toBe(0);
  });

  it('stays consistent when a record is re-created or its quota key changes', async () => {
    const store = new MemorySessionStore();
    await store.create(record('a', 'principal:alice'));
    await store.create(record('a', 'principal:bob'));
    expect(await store.countByQuota('principal:alice')).toBe(0);
    await store.update('a', { quotaKey: 'address:10.0.0.1' });
    expect(await store.countByQuota('principal:bob')).toBe(0);
    expect(await store.countByQuota('address:10.0.0.1')).toBe(1);
  });
});
