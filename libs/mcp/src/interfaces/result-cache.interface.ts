/** Caching of tool, resource and prompt results (opt-in per component with `@CacheResult`). */
export interface McpResultCacheOptions {
  /** Most entries kept in memory. Default 1,000. */
  maxEntries?: number;
}

/** Where cached results live: in process memory by default, shared through Redis with `redisStore()`. */
export interface ResultCacheStore {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown, ttlMs: number): Promise<void>;
}
