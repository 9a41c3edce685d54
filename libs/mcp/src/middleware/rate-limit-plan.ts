import type { McpRateLimit, McpRateLimitKey, McpRateLimitOptions, TokenBucketLimit } from '../interfaces/rate-limit.interface.js';
import { tokenBucketOf } from '../stores/token-bucket.js';

/** One limit with its defaults applied, checked once (at bootstrap, or at a component's first call). */
export interface ResolvedRateLimit {
  readonly bucket: TokenBucketLimit;
  readonly by: McpRateLimitKey;
  readonly failOpen: boolean;
}

/** What `@RateLimit` says of one component: its own limit, and whether the module-wide one is waived. */
export interface ComponentRateLimits {
  readonly own: ResolvedRateLimit | undefined;
  readonly exempt: boolean;
}

export const NO_COMPONENT_LIMITS: ComponentRateLimits = { own: undefined, exempt: false };

export function resolveRateLimit(limit: McpRateLimit, where: string): ResolvedRateLimit {
  return { bucket: tokenBucketOf(limit, where), by: limit.by ?? 'principal', failOpen: limit.failOpen ?? true };
}

/** The methods the module-wide limit counts; undefined for every request. */
export function coveredMethods(options: McpRateLimitOptions): ReadonlySet<string> | undefined {
  if (options.methods === undefined) return undefined;
  if (!Array.isArray(options.methods) || options.methods.some((method) => typeof method !== 'string')) {
    throw new Error('rateLimit: methods must be an array of MCP method names');
  }
  return new Set(options.methods);
}

/** A component's `@RateLimit` metadata (method over class) as its limits. */
export function componentRateLimits(declared: McpRateLimit | false | undefined, where: string): ComponentRateLimits {
  if (declared === undefined) return NO_COMPONENT_LIMITS;
  if (declared === false) return { own: undefined, exempt: true };
  return { own: resolveRateLimit(declared, where), exempt: false };
}
