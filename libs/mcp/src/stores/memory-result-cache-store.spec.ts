import { describe, expect, it } from '@jest/globals';
import { MemoryResultCacheStore } from './memory-result-cache-store.js';

describe('MemoryResultCacheStore', () => {
  it('keeps at most maxEntries entries and maxBytes bytes, least recently used out first', async () => {
    const store = new MemoryResultCacheStore({ maxEntries: 2, maxBytes: 1_000 });
    await store.set('a', '"a"', 60_000, undefined, '');
    await store.set('b', '"b"', 60_000, undefined, '');
    await store.get('a', undefined);
    await store.set('c', '"c"', 60_000, undefined, '');
    expect([(await store.get('a', undefined)).json, (await store.get('b', undefined)).json, (await store.get('c', undefined)).json]).toEqual(['"a"', undefined, '"c"']);
    await store.set('big', JSON.stringify('x'.repeat(900)), 60_000, undefined, '');
    expect((await store.get('a', undefined)).json).toBeUndefined();
    expect((await store.get('big', undefined)).json).toHaveLength(902);
  });

  it('misses the entries of an invalidated scope, and does not store a result computed across an invalidation', async () => {
    const store = new MemoryResultCacheStore();
    const before = await store.get('k', 'notes://a');
    await store.set('k', '"v1"', 60_000, 'notes://a', before.generation);
    expect((await store.get('k', 'notes://a')).json).toBe('"v1"');
    const during = await store.get('k2', 'notes://a');
    await store.invalidate('notes://a');
    expect((await store.get('k', 'notes://a')).json).toBeUndefined();
    await store.set('k2', '"stale"', 60_000, 'notes://a', during.generation);
    expect((await store.get('k2', 'notes://a')).json).toBeUndefined();
    const after = await store.get('k', 'notes://a');
    await store.set('k', '"v2"', 60_000, 'notes://a', after.generation);
    expect((await store.get('k', 'notes://a')).json).toBe('"v2"');
  });

  it('never serves a stale entry after forgetting the generations of many scopes (bounded memory)', async () => {
    const store = new MemoryResultCacheStore({ maxEntries: 10 });
    const first = await store.get('k', 'notes://0');
    await store.set('k', '"old"', 60_000, 'notes://0', first.generation);
    await store.invalidate('notes://0');
    // 1,000 other scopes later, the generation of notes://0 is forgotten.
    for (let scope = 1; scope <= 1_000; scope++) await store.invalidate(`notes://${scope}`);
    expect((await store.get('k', 'notes://0')).json).toBeUndefined();
  });

  it('refuses bounds that are not positive integers', () => {
    expect(() => new MemoryResultCacheStore({ maxEntries: 0 })).toThrow(/resultCache.maxEntries/);
    expect(() => new MemoryResultCacheStore({ maxBytes: 1.5 })).toThrow(/resultCache.maxBytes/);
  });
});
