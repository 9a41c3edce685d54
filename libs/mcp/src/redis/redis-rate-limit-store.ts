import type { Redis } from 'ioredis';
import type { RateLimitDecision, RateLimitStore, TokenBucketLimit } from '../interfaces/rate-limit.interface.js';
import { tokenIntervalUs } from '../stores/token-bucket.js';

/**
 * `takeToken` (stores/token-bucket.ts) as one atomic script on Redis's own clock (`TIME`), so every instance shares
 * one bucket and no instance's clock skew matters. The key holds the bucket's TAT in microseconds and expires when
 * the bucket is full again. ARGV: microseconds per token, capacity. Returns { allowed, remaining, retry after µs }.
 */
const TAKE_TOKEN = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
local interval = tonumber(ARGV[1])
local span = interval * tonumber(ARGV[2])
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
if tat < now then tat = now end
local ahead = tat + interval - now
if ahead > span then return {0, 0, ahead - span} end
redis.call('SET', KEYS[1], string.format('%.0f', tat + interval), 'PX', math.ceil(ahead / 1000))
return {1, math.floor((span - ahead) / interval), 0}
`;

type TakeTokenCommand = (key: string, intervalUs: number, capacity: number) => Promise<[number, number, number]>;

/** Token buckets on Redis, shared by every instance (`redisStore()` sets it up as the layer's `rateLimits`). */
export class RedisRateLimitStore implements RateLimitStore {
  private readonly takeToken: TakeTokenCommand;

  constructor(
    redis: Redis,
    private readonly prefix: string,
  ) {
    // defineCommand runs the script by its SHA (EVALSHA), loading it again only after a SCRIPT FLUSH or a restart.
    redis.defineCommand('mcpTakeToken', { numberOfKeys: 1, lua: TAKE_TOKEN });
    const command = (redis as unknown as { mcpTakeToken: TakeTokenCommand }).mcpTakeToken;
    this.takeToken = (key, intervalUs, capacity) => command.call(redis, key, intervalUs, capacity);
  }

  async take(key: string, limit: TokenBucketLimit): Promise<RateLimitDecision> {
    const [allowed, remaining, waitUs] = await this.takeToken(`${this.prefix}rate:${key}`, tokenIntervalUs(limit), limit.capacity);
    return { allowed: allowed === 1, remaining, retryAfterMs: Math.ceil(waitUs / 1000) };
  }
}
