import type { RateLimitDecision, RateLimitStore, TokenBucketLimit } from '../interfaces/rate-limit.interface.js';
import { takeToken } from './token-bucket.js';

export interface MemoryRateLimitStoreOptions {
  /**
   * Buckets kept at most. Full buckets are dropped as they are met (they hold no state); past this many live ones the
   * least recently used is dropped, so a flood of distinct keys cannot grow memory (an evicted client starts again
   * with a full bucket). Default 100,000 (about 10 MB).
   */
  maxBuckets?: number;
  /** A monotonic clock in milliseconds. Default `performance.now`. */
  now?: () => number;
}

/** Token buckets in process memory: the default store, exact for one instance (use `redisStore()` for several). */
export class MemoryRateLimitStore implements RateLimitStore {
  /** Bucket key -> its TAT in microseconds (see `takeToken`), least recently used first. */
  private readonly buckets = new Map<string, number>();
  private readonly maxBuckets: number;
  private readonly now: () => number;

  constructor(options: MemoryRateLimitStoreOptions = {}) {
    this.maxBuckets = options.maxBuckets ?? 100_000;
    if (!Number.isSafeInteger(this.maxBuckets) || this.maxBuckets < 1) throw new Error(`maxBuckets must be a whole number of at least 1 (got ${options.maxBuckets})`);
    this.now = options.now ?? (() => performance.now());
  }

  /** Buckets held now. */
  get size(): number {
    return this.buckets.size;
  }

  async take(key: string, limit: TokenBucketLimit): Promise<RateLimitDecision> {
    const nowUs = Math.round(this.now() * 1000);
    const tat = this.buckets.get(key);
    const step = takeToken(tat !== undefined && tat > nowUs ? tat : undefined, nowUs, limit);
    if (tat === undefined) this.makeRoom(nowUs);
    else this.buckets.delete(key);
    this.buckets.set(key, step.tat);
    return step.decision;
  }

  /** Before a new bucket: drops up to two full buckets from the old end, then the oldest one if still at the bound. */
  private makeRoom(nowUs: number): void {
    let checked = 0;
    for (const [key, tat] of this.buckets) {
      if (tat > nowUs || ++checked > 2) break;
      this.buckets.delete(key);
    }
    if (this.buckets.size >= this.maxBuckets) this.buckets.delete(this.buckets.keys().next().value!);
  }
}
