import { SetMetadata } from '@nestjs/common';
import { MAX_RESULT_CACHE_TTL_MS, type CacheResultOptions } from '../interfaces/result-cache.interface.js';

/** Where `@CacheResult` records its options (on a method, or on a class for all of its components). */
export const MCP_CACHE_RESULT_METADATA = 'nestjs-mcp:cache-result';

/**
 * Caches the results of a tool, resource or prompt (or of every one a class declares; a method's own
 * `@CacheResult` wins): the same call with the same arguments by the same principal is answered from the cache for
 * `ttlMs`. Only successful results are kept (never `isError` results, errors or input-required rounds). A resource's
 * cached reads end when `notifyResourceUpdated(uri)` is called for it, on every instance sharing the store.
 *
 * Caching is an explicit choice: `readOnlyHint` alone never makes a tool cacheable.
 */
export function CacheResult(options: CacheResultOptions): ClassDecorator & MethodDecorator {
  const { ttlMs } = options ?? ({} as CacheResultOptions);
  if (typeof ttlMs !== 'number' || !Number.isFinite(ttlMs) || ttlMs <= 0 || ttlMs > MAX_RESULT_CACHE_TTL_MS) {
    throw new Error(`@CacheResult needs a ttlMs between 1 and ${MAX_RESULT_CACHE_TTL_MS} ms (got ${String(ttlMs)})`);
  }
  return SetMetadata(MCP_CACHE_RESULT_METADATA, { ttlMs, shared: options.shared === true } satisfies CacheResultOptions);
}
