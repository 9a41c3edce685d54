import { LRUCache } from 'lru-cache';
import type { ResultCacheLookup, ResultCacheStore } from '../interfaces/result-cache.interface.js';

interface Entry {
  readonly json: string;
  readonly generation: string;
  readonly bytes: number;
}

export interface MemoryResultCacheOptions {
  /** Most entries kept. Default 1,000. */
  maxEntries?: number;
  /** Most bytes of JSON kept, all entries together. Default 32 MiB. */
  maxBytes?: number;
}

/**
 * Cached results in process memory, least recently used first out, bounded in entries and bytes (lru-cache).
 * Generations come from one counter, so a value is never reused; the generations of the scopes invalidated most
 * recently are remembered, and a forgotten scope counts as invalidated when the last forgotten one was (its entries
 * are missed once, never served stale).
 */
export class MemoryResultCacheStore implements ResultCacheStore {
  private entries: LRUCache<string, Entry> | undefined;
  private readonly generations = new Map<string, number>();
  private readonly maxEntries: number;
  private readonly maxBytes: number;
  private readonly maxScopes: number;
  private clock = 0;
  private forgotten = 0;

  constructor(options: MemoryResultCacheOptions = {}) {
    this.maxEntries = positiveInteger(options.maxEntries ?? 1_000, 'resultCache.maxEntries');
    this.maxBytes = positiveInteger(options.maxBytes ?? 32 * 1024 * 1024, 'resultCache.maxBytes');
    this.maxScopes = Math.max(this.maxEntries, 1_000);
  }

  async get(key: string, scope: string | undefined): Promise<ResultCacheLookup> {
    const generation = this.generationOf(scope);
    const entry = this.entries?.get(key);
    return { json: entry?.generation === generation ? entry.json : undefined, generation };
  }

  async set(key: string, json: string, ttlMs: number, scope: string | undefined, generation: string): Promise<void> {
    // Invalidated while the result was computed: storing it would only waste a slot.
    if (generation !== this.generationOf(scope)) return;
    // Made on first use: lru-cache sizes its arrays for `max` up front, and most servers cache nothing.
    this.entries ??= new LRUCache<string, Entry>({ max: this.maxEntries, maxSize: this.maxBytes, sizeCalculation: (entry) => Math.max(entry.bytes, 1) });
    this.entries.set(key, { json, generation, bytes: Buffer.byteLength(json) }, { ttl: ttlMs });
  }

  async invalidate(scope: string): Promise<void> {
    this.generations.delete(scope);
    this.generations.set(scope, ++this.clock);
    if (this.generations.size > this.maxScopes) {
      const [oldest, generation] = this.generations.entries().next().value as [string, number];
      this.generations.delete(oldest);
      this.forgotten = Math.max(this.forgotten, generation);
    }
  }

  private generationOf(scope: string | undefined): string {
    return scope === undefined ? '' : String(this.generations.get(scope) ?? this.forgotten);
  }
}

function positiveInteger(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer (got ${value})`);
  return value;
}
