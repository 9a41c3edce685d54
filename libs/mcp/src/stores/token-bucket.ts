import type { McpRateLimit, RateLimitDecision, TokenBucketLimit } from '../interfaces/rate-limit.interface.js';

/**
 * A token bucket with continuous refill, kept as GCRA does: one number per bucket, the "theoretical arrival time"
 * (TAT) at which the bucket would be full again. That makes a take one comparison, lets a bucket be forgotten as
 * soon as its TAT is past (it is full), and is exactly what the Redis script computes. Times are whole microseconds.
 */
export interface TokenBucketStep {
  decision: RateLimitDecision;
  /** The bucket's new TAT (unchanged when refused). */
  tat: number;
}

/** Microseconds between two tokens (at least 1, whole so that memory and Redis agree to the microsecond). */
export function tokenIntervalUs(limit: TokenBucketLimit): number {
  return Math.max(1, Math.round((limit.refillMs * 1000) / limit.refillTokens));
}

/** Takes one token at `nowUs` from a bucket whose TAT is `tat` (undefined: a new, full bucket). */
export function takeToken(tat: number | undefined, nowUs: number, limit: TokenBucketLimit): TokenBucketStep {
  const interval = tokenIntervalUs(limit);
  const span = interval * limit.capacity;
  const next = Math.max(tat ?? nowUs, nowUs) + interval;
  const ahead = next - nowUs;
  if (ahead > span) {
    return { tat: tat ?? nowUs, decision: { allowed: false, remaining: 0, retryAfterMs: Math.ceil((ahead - span) / 1000) } };
  }
  return { tat: next, decision: { allowed: true, remaining: Math.floor((span - ahead) / interval), retryAfterMs: 0 } };
}

/** A limit's bucket with its defaults, checked: thrown errors name what is wrong (`where` says whose limit it is). */
export function tokenBucketOf(limit: McpRateLimit, where: string): TokenBucketLimit {
  const { capacity, refillMs } = limit;
  const refillTokens = limit.refillTokens ?? capacity;
  if (!Number.isSafeInteger(capacity) || capacity < 1) throw new Error(`${where}: capacity must be a whole number of at least 1 (got ${capacity})`);
  if (typeof refillMs !== 'number' || !Number.isFinite(refillMs) || refillMs <= 0) {
    throw new Error(`${where}: refillMs must be a positive number of milliseconds (got ${refillMs})`);
  }
  if (typeof refillTokens !== 'number' || !Number.isFinite(refillTokens) || refillTokens <= 0) {
    throw new Error(`${where}: refillTokens must be a positive number (got ${refillTokens})`);
  }
  const bucket = { capacity, refillTokens, refillMs };
  // Microsecond arithmetic stays exact in doubles (and in Redis's Lua) below 2^53, with room for the clock.
  if (tokenIntervalUs(bucket) * capacity > 2 ** 50) throw new Error(`${where}: capacity × refill interval is too long (over 35 years)`);
  const by = limit.by;
  if (by !== undefined && typeof by !== 'function' && !['principal', 'session', 'address', 'tool'].includes(by)) {
    throw new Error(`${where}: by must be 'principal', 'session', 'address', 'tool' or a function (got ${String(by)})`);
  }
  return bucket;
}
