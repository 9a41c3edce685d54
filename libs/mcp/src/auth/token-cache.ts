import { createHash } from 'node:crypto';

interface Entry<T> {
  readonly value: T;
  readonly until: number;
}

/**
 * Verified tokens (and, briefly, refused ones) by a hash of the token, so a token is not checked with the issuer
 * on every request. Bounded: the oldest entry goes when full. The token itself is never kept as a key.
 */
export class TokenCache<T> {
  private readonly entries = new Map<string, Entry<T>>();

  constructor(private readonly maxEntries: number) {}

  static keyOf(token: string): string {
    return createHash('sha256').update(token).digest('base64url');
  }

  get(key: string, now = Date.now()): T | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.until <= now) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  set(key: string, value: T, until: number): void {
    if (this.maxEntries <= 0 || until <= Date.now()) return;
    this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, { value, until });
  }

  get size(): number {
    return this.entries.size;
  }
}
