import { SetMetadata } from '@nestjs/common';
import type { McpRateLimit } from '../interfaces/rate-limit.interface.js';
import { tokenBucketOf } from '../stores/token-bucket.js';

/** Where `@RateLimit` records its limit (read with `Reflector`, method over class). */
export const MCP_RATE_LIMIT_METADATA = 'nestjs-mcp:rate-limit';

let declared = false;

/**
 * A token bucket of its own for a tool, resource or prompt (on a class: for each component it declares), counted in
 * addition to the module-wide `rateLimit`; a method's limit replaces its class's. `@RateLimit(false)` exempts the
 * component from the module-wide limit. A refused call gets a JSON-RPC error with `data.retryAfterMs`.
 *
 * ```ts
 * @RateLimit({ capacity: 5, refillMs: 60_000 }) // 5 a minute per principal (per address when anonymous)
 * @Tool({ description: 'Sends an e-mail' })
 * sendMail(@Arg('to') to: string) { ... }
 * ```
 */
export function RateLimit(limit: McpRateLimit | false): ClassDecorator & MethodDecorator {
  if (limit !== false) tokenBucketOf(limit, '@RateLimit');
  declared = true;
  return SetMetadata(MCP_RATE_LIMIT_METADATA, limit);
}

/** Whether any `@RateLimit` was declared in this process: when none was, component calls skip the limiter at once. */
export function rateLimitsDeclared(): boolean {
  return declared;
}
