import { describe, expect, it } from '@jest/globals';
import { TokenCache } from './token-cache.js';

describe('TokenCache', () => {
  it('forgets entries at their time and the oldest when full', () => {
    const cache = new TokenCache<string>(2);
    const now = Date.now();
    cache.set('a', 'A', now + 1_000);
    cache.set('b', 'B', now + 1_000);
    cache.set('c', 'C', now + 1_000);
    expect([cache.get('a'), cache.get('b'), cache.get('c'), cache.size]).toEqual([undefined, 'B', 'C', 2]);
    expect(cache.get('b', now + 1_000)).toBeUndefined();
    expect(cache.size).toBe(1);
  });

  it('keeps nothing when its size is 0 or the entry is already over', () => {
    const off = new TokenCache<string>(0);
    off.set('a', 'A', Date.now() + 1_000);
    expect(off.get('a')).toBeUndefined();
    const cache = new TokenCache<string>(5);
    cache.set('a', 'A', Date.now() - 1);
    expect(cache.size).toBe(0);
  });

  it('keys by a hash, never the token', () => {
    const key = TokenCache.keyOf('secret-token');
    expect(key).not.toContain('secret');
    expect(key).toHaveLength(43);
  });
});
