import { isJsonObject } from './json-value.js';

/**
 * Equality of JSON values (surfaces are parsed JSON: no cycles), without recursion, so that no nesting depth can
 * overflow the stack.
 */
export function jsonEqual(a: unknown, b: unknown): boolean {
  const pending: [unknown, unknown][] = [[a, b]];
  for (let pair = pending.pop(); pair; pair = pending.pop()) {
    const [x, y] = pair;
    if (x === y) continue;
    if (typeof x !== 'object' || typeof y !== 'object' || x === null || y === null || Array.isArray(x) !== Array.isArray(y)) return false;
    if (Array.isArray(x) && Array.isArray(y)) {
      if (x.length !== y.length) return false;
      x.forEach((item, index) => pending.push([item, y[index]]));
    } else if (isJsonObject(x) && isJsonObject(y)) {
      const keys = Object.keys(x);
      if (keys.length !== Object.keys(y).length || !keys.every((key) => Object.hasOwn(y, key))) return false;
      for (const key of keys) pending.push([x[key], y[key]]);
    }
  }
  return true;
}

/**
 * Matches the values of two lists (enum values, anyOf options) by a structural hash instead of comparing every pair.
 * Each object's hash is computed once, without recursion, and kept for the matcher's life (one comparison), so lists
 * nested in lists are not hashed again at every level.
 */
export class ValueMatcher {
  private readonly hashes = new WeakMap<object, number>();

  /** The indexes of the values that no value of `others` equals, in order. */
  indexesMissingFrom(values: readonly unknown[], others: readonly unknown[]): number[] {
    const byHash = new Map<number, unknown[]>();
    for (const other of others) {
      const hash = this.hash(other);
      const bucket = byHash.get(hash);
      if (bucket) bucket.push(other);
      else byHash.set(hash, [other]);
    }
    return [...values.keys()].filter((index) => !(byHash.get(this.hash(values[index])) ?? []).some((other) => jsonEqual(values[index], other)));
  }

  /** A 32-bit structural hash: equal values hash equal; the order of an object's keys does not count. */
  private hash(value: unknown): number {
    if (typeof value !== 'object' || value === null) return primitiveHash(value);
    const known = this.hashes.get(value);
    if (known !== undefined) return known;
    const pending: object[] = [value];
    while (pending.length) {
      const node = pending[pending.length - 1];
      const unhashed = childrenOf(node).filter((child): child is object => typeof child === 'object' && child !== null && !this.hashes.has(child));
      if (unhashed.length) pending.push(...unhashed);
      else this.hashes.set(pending.pop() as object, this.hashNode(node));
    }
    return this.hashes.get(value) as number;
  }

  /** An array mixes its items in order; an object adds up its key/value pairs, so that key order does not matter. */
  private hashNode(node: object): number {
    let hash = 0;
    if (Array.isArray(node)) {
      for (const item of node) hash = mix(hash, this.hash(item));
      return mix(hash, 3);
    }
    for (const [key, child] of Object.entries(node)) hash = (hash + mix(hashText(key), this.hash(child))) | 0;
    return mix(hash, 4);
  }
}

function primitiveHash(value: unknown): number {
  if (typeof value === 'string') return hashText(value);
  return mix(hashText(String(value)), typeof value === 'number' ? 1 : 2); // 1 and "1" differ
}

function childrenOf(node: object): unknown[] {
  return Array.isArray(node) ? node : Object.values(node);
}

// Jenkins' one-at-a-time hash, in shifts and adds: Math.imul is much slower where the code runs in another realm (jest).
function hashText(text: string): number {
  let hash = 0;
  for (let index = 0; index < text.length; index++) hash = step(hash, text.charCodeAt(index));
  return finish(hash);
}

function mix(hash: number, value: number): number {
  return finish(step(hash, value));
}

function step(hash: number, value: number): number {
  const added = (hash + value) | 0;
  const spread = (added + (added << 10)) | 0;
  return spread ^ (spread >>> 6);
}

function finish(hash: number): number {
  const a = (hash + (hash << 3)) | 0;
  const b = a ^ (a >>> 11);
  return (b + (b << 15)) >>> 0;
}
