import { describe, expect, it } from '@jest/globals';
import { resultCacheKey } from './result-cache-key.js';

const parts = { era: 'legacy', method: 'tools/call', name: 'lookup', principal: 'sub:#alice' };

describe('resultCacheKey', () => {
  it('does not depend on the order of object keys, at any depth', () => {
    const one = resultCacheKey({ ...parts, args: { a: 1, b: { x: [1, { p: 1, q: 2 }], y: 2 } } });
    const other = resultCacheKey({ ...parts, args: { b: { y: 2, x: [1, { q: 2, p: 1 }] }, a: 1 } });
    expect(one).toBe(other);
    expect(one).toMatch(/^[\w-]{43}$/);
  });

  it('tells apart what a caller could otherwise confuse', () => {
    const keys = [
      resultCacheKey({ ...parts, args: {} }),
      resultCacheKey({ ...parts, args: JSON.parse('{"__proto__":{"a":1}}') }),
      resultCacheKey({ ...parts, args: { a: [2, 1] } }),
      resultCacheKey({ ...parts, args: { a: [1, 2] } }),
      resultCacheKey({ ...parts, principal: 'sub:#bob', args: {} }),
      resultCacheKey({ ...parts, era: 'modern', args: {} }),
      resultCacheKey({ ...parts, name: 'lookup', principal: 'x\u0000sub:#alice', args: {} }),
      resultCacheKey({ ...parts, name: 'lookup\u0000x', principal: 'sub:#alice', args: {} }),
    ];
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('gives no key to arguments that cannot be serialized', () => {
    expect(resultCacheKey({ ...parts, args: { n: 1n } })).toBeUndefined();
  });
});
