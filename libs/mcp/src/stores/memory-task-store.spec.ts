import { describe, expect, it } from '@jest/globals';
import { MemoryTaskStore } from './memory-task-store.js';

describe('MemoryTaskStore.list', () => {
  it('never lists ownerless tasks', async () => {
    const store = new MemoryTaskStore();
    const now = new Date().toISOString();
    const base = { toolName: 't', status: 'working' as const, createdAt: now, lastUpdatedAt: now, ttlMs: null, pollIntervalMs: 500 };
    await store.create({ ...base, taskId: 'anonymous' });
    await store.create({ ...base, taskId: 'owned', owner: 'client:x' });
    expect((await store.list(undefined, undefined, 10)).tasks).toEqual([]);
    expect((await store.list('client:x', undefined, 10)).tasks.map((task) => task.taskId)).toEqual(['owned']);
  });
});
