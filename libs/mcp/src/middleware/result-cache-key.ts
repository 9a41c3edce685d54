import { createHash } from 'node:crypto';

/** What a cached result is stored under: who asked what, in which era (a result's shape differs between eras). */
export interface ResultCacheKeyParts {
  readonly era: string;
  readonly method: string;
  /** The tool or prompt name, or the URI read. */
  readonly name: string;
  /** The principal's key, or one key for every caller when the cache is shared. */
  readonly principal: string;
  readonly args: unknown;
}

/**
 * A fixed-length key: a digest of the parts, with the arguments in a canonical form (object keys sorted, so
 * `{a, b}` and `{b, a}` are the same call). Undefined when the arguments cannot be serialized (the call is then not
 * cached).
 */
export function resultCacheKey(parts: ResultCacheKeyParts): string | undefined {
  let args: string;
  try {
    args = JSON.stringify(parts.args ?? {}, sortedKeys);
  } catch {
    return undefined;
  }
  return createHash('sha256')
    // JSON keeps the parts apart whatever they contain (a URI read is the client's string).
    .update(JSON.stringify([parts.era, parts.method, parts.name, parts.principal, args]))
    .digest('base64url');
}

function sortedKeys(_key: string, value: unknown): unknown {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
  // fromEntries defines own properties: a `__proto__` key stays a key (an assignment would drop it from the digest).
  return Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
