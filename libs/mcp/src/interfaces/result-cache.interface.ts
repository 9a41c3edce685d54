/** Caching of tool, resource and prompt results (opt-in per component with `@CacheResult`). */
export interface McpResultCacheOptions {
  /** Most entries kept in memory. Default 1,000. */
  maxEntries?: number;
  /** Most bytes (of JSON) kept in memory, all entries together. Default 32 MiB. */
  maxBytes?: number;
  /** Results larger than this (as JSON) are not cached. Default 256 KiB. */
  maxEntryBytes?: number;
}

/** What `@CacheResult` says of a tool, resource or prompt (or of every one of a class). */
export interface CacheResultOptions {
  /** How long a result is reused, in milliseconds (at most 24 hours). */
  ttlMs: number;
  /**
   * Reuse one caller's result for every caller. Default false: each principal (issuer + subject, or client id) has
   * its own entries, and anonymous callers share theirs.
   */
  shared?: boolean;
}

/** What a lookup found: the stored JSON, if any, and the generation of its scope to hand back to `set`. */
export interface ResultCacheLookup {
  readonly json: string | undefined;
  readonly generation: string;
}

/**
 * Where cached results live: in process memory by default, shared through Redis with `redisStore()`.
 * Entries are JSON strings. A scope (a resource URI) has a generation: `invalidate(scope)` moves it on, and an entry
 * stored under an older generation is never returned again, on any instance sharing the store.
 */
export interface ResultCacheStore {
  /** The entry under `key`, unless its scope was invalidated since it was stored. */
  get(key: string, scope: string | undefined): Promise<ResultCacheLookup>;
  /**
   * Stores `json` under `key` for `ttlMs`, as of `generation` (from the `get` that missed, so a result computed
   * while its scope was invalidated is stale at once).
   */
  set(key: string, json: string, ttlMs: number, scope: string | undefined, generation: string): Promise<void>;
  /** Every entry of the scope is stale from now on. */
  invalidate(scope: string): Promise<void>;
}

/** The longest a result may be cached (a scope's generation outlives every entry stored under it). */
export const MAX_RESULT_CACHE_TTL_MS = 24 * 60 * 60 * 1000;
