import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { MAX_RESULT_CACHE_TTL_MS, type ResultCacheLookup, type ResultCacheStore } from '../interfaces/result-cache.interface.js';

/** One clock for every scope, so a generation is never reused (not even after a scope's key expired). */
const INVALIDATE = `local generation = redis.call('INCR', KEYS[1])
redis.call('SET', KEYS[2], generation, 'PX', ARGV[1])
return generation`;

/**
 * Cached results in Redis, shared by every instance: one string per entry (`<generation>\n<json>`, expiring with its
 * TTL) and one generation per invalidated scope. A lookup reads both in one round trip; an invalidation is one
 * script, sent on the connection that then publishes the resource update, so every instance that hears of the update
 * already misses the old entries. A scope's generation outlives every entry stored under it (TTLs are capped).
 */
export class RedisResultCacheStore implements ResultCacheStore {
  private readonly clock: string;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {
    this.clock = `${prefix}result:clock`;
  }

  async get(key: string, scope: string | undefined): Promise<ResultCacheLookup> {
    if (scope === undefined) return { json: entryOf(await this.redis.get(this.entryKey(key)), ''), generation: '' };
    const [stored, generation] = await this.redis.mget(this.entryKey(key), this.scopeKey(scope));
    return { json: entryOf(stored, generation ?? '0'), generation: generation ?? '0' };
  }

  async set(key: string, json: string, ttlMs: number, _scope: string | undefined, generation: string): Promise<void> {
    await this.redis.set(this.entryKey(key), `${generation}\n${json}`, 'PX', Math.min(Math.max(Math.ceil(ttlMs), 1), MAX_RESULT_CACHE_TTL_MS));
  }

  async invalidate(scope: string): Promise<void> {
    await this.redis.eval(INVALIDATE, 2, this.clock, this.scopeKey(scope), MAX_RESULT_CACHE_TTL_MS);
  }

  private entryKey(key: string): string {
    return `${this.prefix}result:${key}`;
  }

  /** URIs can be long: the key holds a digest. */
  private scopeKey(scope: string): string {
    return `${this.prefix}result-scope:${createHash('sha256').update(scope).digest('base64url')}`;
  }
}

function entryOf(stored: string | null, generation: string): string | undefined {
  if (stored === null) return undefined;
  const split = stored.indexOf('\n');
  return split >= 0 && stored.slice(0, split) === generation ? stored.slice(split + 1) : undefined;
}
