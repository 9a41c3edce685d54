import type { ExecutionContext } from '@nestjs/common';

/**
 * Whom a bucket belongs to:
 * - `'principal'`: the authenticated subject (issuer + subject, else the OAuth client id);
 * - `'session'`: the 2025 `Mcp-Session-Id`, or the connection on stdio and in memory;
 * - `'address'`: the client's IP address as Fastify computes it (`request.ip`, so `trustProxy` is honoured);
 * - `'tool'`: the called component (or the method, for other requests), shared by every client;
 * - a function of the MCP execution context (`McpExecutionContext.create(context)`) returning a key.
 * When a request has no such identity (an anonymous principal, a 2026-07-28 request without a session, stdio without
 * an address, a function returning undefined) it counts against its principal, else its address, else its session.
 */
export type McpRateLimitKey = 'principal' | 'session' | 'address' | 'tool' | ((context: ExecutionContext) => string | undefined);

/**
 * One token bucket: `capacity` requests at once, then `refillTokens` more every `refillMs` (added continuously, so
 * `{ capacity: 10, refillMs: 60_000 }` lets one request through every 6 s once the first 10 are spent).
 */
export interface McpRateLimit {
  /** Tokens in a full bucket: the burst a client may send at once (a whole number, at least 1). */
  capacity: number;
  /** Tokens added per `refillMs`. Default: `capacity` (a full bucket per period). */
  refillTokens?: number;
  /** The period `refillTokens` are added over, in milliseconds. */
  refillMs: number;
  /** Whom a bucket belongs to. Default `'principal'`: the principal when authenticated, else the client's address. */
  by?: McpRateLimitKey;
  /**
   * What happens when the store cannot be reached (Redis down): `true` lets requests through (logged once per
   * outage), `false` refuses them as rate limited. Default `true`: an outage of the limiter does not take the server
   * down with it.
   */
  failOpen?: boolean;
}

/** The module-wide limit (`McpModule.forRoot({ rateLimit })`): one bucket per client across the methods it covers. */
export interface McpRateLimitOptions extends McpRateLimit {
  /** The request methods counted (e.g. `['tools/call']`). Default: every request. Notifications are never counted. */
  methods?: readonly string[];
}

/** A bucket's parameters as stores see them (defaults applied). */
export interface TokenBucketLimit {
  readonly capacity: number;
  readonly refillTokens: number;
  readonly refillMs: number;
}

/** What a store answers when asked for a token. */
export interface RateLimitDecision {
  allowed: boolean;
  /** Whole tokens left after this request. */
  remaining: number;
  /** When refused: how long until a token is available, in milliseconds (0 when allowed). */
  retryAfterMs: number;
}

/**
 * Where token buckets live: in process memory by default (`MemoryRateLimitStore`), shared by every instance through
 * Redis with `redisStore()`. A store's failure (a rejected promise) makes the limit fail open or closed as configured.
 */
export interface RateLimitStore {
  /** Takes one token from the bucket `key` (created full on first use), atomically. */
  take(key: string, limit: TokenBucketLimit): Promise<RateLimitDecision>;
}
