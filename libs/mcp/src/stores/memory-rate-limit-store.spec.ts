import { describe, expect, it } from '@jest/globals';
import { MemoryRateLimitStore } from './memory-rate-limit-store.js';
import { takeToken, tokenBucketOf } from './token-bucket.js';

/** A store on a clock the test moves (milliseconds). */
function storeAt(start = 1_000, maxBuckets?: number) {
  const clock = { ms: start };
  const store = new MemoryRateLimitStore({ now: () => clock.ms, ...(maxBuckets ? { maxBuckets } : {}) });
  return { store, clock };
}

describe('token bucket (GCRA)', () => {
  const limit = { capacity: 3, refillTokens: 1, refillMs: 1_000 };

  it('lets a full bucket burst, then one token per interval, with exact retry-after and remaining', () => {
    let tat: number | undefined;
    const remaining: number[] = [];
    for (let i = 0; i < 3; i++) {
      const step = takeToken(tat, 0, limit);
      expect(step.decision.allowed).toBe(true);
      remaining.push(step.decision.remaining);
      tat = step.tat;
    }
    expect(remaining).toEqual([2, 1, 0]);
    expect(takeToken(tat, 0, limit).decision).toEqual({ allowed: false, remaining: 0, retryAfterMs: 1_000 });
    expect(takeToken(tat, 400_000, limit).decision).toEqual({ allowed: false, remaining: 0, retryAfterMs: 600 });
    const later = takeToken(tat, 1_000_000, limit);
    expect(later.decision).toEqual({ allowed: true, remaining: 0, retryAfterMs: 0 });
    // Idle for long: never more than a full bucket.
    expect(takeToken(later.tat, 60_000_000, limit).decision.remaining).toBe(2);
  });

  it('refills continuously: refillTokens per refillMs, fractions included', () => {
    const perSecondTwice = tokenBucketOf({ capacity: 2, refillTokens: 2, refillMs: 1_000 }, 'test');
    let tat = takeToken(undefined, 0, perSecondTwice).tat;
    tat = takeToken(tat, 0, perSecondTwice).tat;
    expect(takeToken(tat, 499_000, perSecondTwice).decision).toMatchObject({ allowed: false, retryAfterMs: 1 });
    expect(takeToken(tat, 500_000, perSecondTwice).decision.allowed).toBe(true);
  });

  it('refuses limits that make no sense, naming whose they are', () => {
    expect(() => tokenBucketOf({ capacity: 0, refillMs: 1_000 }, 'rateLimit')).toThrow(/rateLimit: capacity must be a whole number/);
    expect(() => tokenBucketOf({ capacity: 1.5, refillMs: 1_000 }, 'x')).toThrow(/capacity/);
    expect(() => tokenBucketOf({ capacity: 1, refillMs: 0 }, 'x')).toThrow(/refillMs must be a positive/);
    expect(() => tokenBucketOf({ capacity: 1, refillMs: 10, refillTokens: -1 }, 'x')).toThrow(/refillTokens/);
    expect(() => tokenBucketOf({ capacity: 1, refillMs: 10, by: 'ip' as never }, 'x')).toThrow(/by must be/);
    expect(() => tokenBucketOf({ capacity: 1e6, refillTokens: 1, refillMs: 1e9 }, 'x')).toThrow(/too long/);
    expect(tokenBucketOf({ capacity: 4, refillMs: 100 }, 'x')).toEqual({ capacity: 4, refillTokens: 4, refillMs: 100 });
  });
});

describe('MemoryRateLimitStore', () => {
  const limit = { capacity: 2, refillTokens: 1, refillMs: 1_000 };

  it('keeps one bucket per key', async () => {
    const { store, clock } = storeAt();
    expect((await store.take('a', limit)).allowed).toBe(true);
    expect((await store.take('a', limit)).allowed).toBe(true);
    expect(await store.take('a', limit)).toEqual({ allowed: false, remaining: 0, retryAfterMs: 1_000 });
    expect((await store.take('b', limit)).allowed).toBe(true);
    clock.ms += 1_000;
    expect(await store.take('a', limit)).toEqual({ allowed: true, remaining: 0, retryAfterMs: 0 });
  });

  it('forgets full buckets as new keys come, so idle clients cost nothing', async () => {
    const { store, clock } = storeAt();
    for (let i = 0; i < 100; i++) await store.take(`client-${i}`, limit);
    expect(store.size).toBe(100);
    clock.ms += 2_000; // every bucket is full again
    for (let i = 0; i < 50; i++) await store.take(`later-${i}`, limit);
    // Each new key dropped up to two full buckets: the old ones are gone and nothing live was lost.
    expect(store.size).toBeLessThanOrEqual(100);
    expect(store.size).toBeGreaterThanOrEqual(50);
  });

  it('stays within maxBuckets under a flood of distinct keys, evicting the least recently used', async () => {
    const { store } = storeAt(1_000, 1_000);
    await store.take('victim', limit);
    await store.take('victim', limit);
    for (let i = 0; i < 50_000; i++) {
      await store.take(`flood-${i}`, limit);
      if (i % 100 === 0) {
        await store.take('victim', limit); // recently used: survives the flood
        expect(store.size).toBeLessThanOrEqual(1_000);
      }
    }
    expect(store.size).toBe(1_000);
    // The victim's bucket survived (still empty), the first flood keys did not.
    expect((await store.take('victim', limit)).allowed).toBe(false);
    expect((await store.take('flood-0', limit)).remaining).toBe(1);
  });

  it('refuses a nonsensical bound', () => {
    expect(() => new MemoryRateLimitStore({ maxBuckets: 0 })).toThrow(/maxBuckets/);
  });
});
