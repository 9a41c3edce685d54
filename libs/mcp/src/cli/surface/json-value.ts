import { isPlainObject } from '../../protocol/json-rpc-shape.js';

/**
 * Reading JSON that a server sent, without trusting its shape: own keys only (a property named `constructor` or
 * `__proto__` is data, never a lookup into Object.prototype), and values shown in messages cut to one short line.
 */
export type JsonObject = Record<string, unknown>;

/** A step of a path inside a component: an object key or an array index. */
export type PathSegment = string | number;

/** A JSON object: neither null nor an array (the library's own check). */
export const isJsonObject: (value: unknown) => value is JsonObject = isPlainObject;

/** What a JSON value is, for messages: `an array`, `null`, `a string`. */
export function jsonKindOf(value: unknown): string {
  return Array.isArray(value) ? 'an array' : value === null ? 'null' : `a ${typeof value}`;
}

/** Whether each value is absent or passes `test`. */
export function absentOr(test: (value: unknown) => boolean, ...values: unknown[]): boolean {
  return values.every((value) => value === undefined || test(value));
}

export function isBoolean(value: unknown): value is boolean {
  return typeof value === 'boolean';
}

/** `object[key]` if the object itself has that key, else undefined. */
export function ownValue(object: JsonObject, key: string): unknown {
  return Object.hasOwn(object, key) ? object[key] : undefined;
}

/** The own keys of either object, each once, in code-unit order (not locale order: the output must not vary). */
export function keysOfEither(before: unknown, after: unknown): string[] {
  const keys = new Set([...(isJsonObject(before) ? Object.keys(before) : []), ...(isJsonObject(after) ? Object.keys(after) : [])]);
  return [...keys].sort(compareText);
}

export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `added`, `removed` or `changed`, by which of the two values is absent. */
export function changeWord(before: unknown, after: unknown): string {
  return before === undefined ? 'added' : after === undefined ? 'removed' : 'changed';
}

const PREVIEW_LENGTH = 60;

/** A value for a one-line message: JSON, cut to a readable length; `absent` for a missing value. */
export function preview(value: unknown): string {
  if (value === undefined) return 'absent';
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = Array.isArray(value) ? '[…]' : '{…}'; // nested too deeply to serialize
  }
  return text.length > PREVIEW_LENGTH ? `${text.slice(0, PREVIEW_LENGTH - 1)}…` : text;
}

/** Up to five values, then how many more: `"a", "b" and 3 more`. */
export function previewList(values: unknown[]): string {
  const shown = values.slice(0, 5).map(preview).join(', ');
  return values.length > 5 ? `${shown} and ${values.length - 5} more` : shown;
}

const PLAIN_KEY = /^[A-Za-z_$][\w$-]*$/;

/** `inputSchema.properties.tags`, `anyOf[1]`, `properties["a.b"]`: dotted, quoting keys that are not plain names. */
export function formatPath(segments: readonly PathSegment[]): string {
  return segments
    .map((segment, index) => {
      if (typeof segment === 'number') return `[${segment}]`;
      if (PLAIN_KEY.test(segment)) return index === 0 ? segment : `.${segment}`;
      return `[${JSON.stringify(segment)}]`;
    })
    .join('');
}
