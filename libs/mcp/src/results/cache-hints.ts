import type { CacheHint } from '@modelcontextprotocol/server';
import type { McpCacheHint } from '../interfaces/component-options.interface.js';

export function toSdkCacheHint(hint: McpCacheHint | undefined): CacheHint {
  return { ...(hint?.ttlMs !== undefined ? { ttlMs: hint.ttlMs } : {}), ...(hint?.scope ? { cacheScope: hint.scope } : {}) };
}

/** A result carrying its own 2026-07-28 cache fields (the SDK fills only what a result leaves out). */
export function withCacheHint<T extends object>(result: T, hint: McpCacheHint | undefined): T {
  return hint ? { ...result, ...toSdkCacheHint(hint) } : result;
}
