/** Token bucket rate limiting of MCP requests (a refused request gets an error saying when to retry). */
export interface McpRateLimitOptions {
  /** Tokens in a full bucket: the burst a client may send at once. */
  capacity: number;
  /** Tokens added per `refillMs`. Default: `capacity` (a full bucket per period). */
  refillTokens?: number;
  /** Period of `refillTokens`. */
  refillMs: number;
}

/** Where token buckets live: in process memory by default, shared through Redis with `redisStore()`. */
export interface RateLimitStore {
  /** Takes one token from the bucket `key`; the wait until one is available when it is empty. */
  take(key: string, limit: Required<McpRateLimitOptions>): Promise<{ allowed: boolean; retryAfterMs: number }>;
}
