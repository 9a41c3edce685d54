import { isPlainObject } from './json-rpc-shape.js';

/*
 * Params the server's own dispatch of its most used methods takes as they are. Each check accepts only params the
 * SDK's 2025-11-25 schema of the method accepts unchanged (known members of the right types, a `_meta` without
 * reserved keys): anything else goes the SDK's way, which validates, re-words and answers exactly as before.
 * `hot-params.spec.ts` holds every check to that against the SDK's own validation.
 */

/** The methods dispatched by the server itself once a 2025 connection is initialized. */
export const HOT_METHODS = ['tools/call', 'tools/list', 'resources/read'] as const;
export type HotMethod = (typeof HOT_METHODS)[number];

/** `_meta` keys of this namespace are the protocol's own (envelope, related task): the SDK lifts or checks them. */
const RESERVED_META_PREFIX = 'io.modelcontextprotocol/';

function isPlainMeta(meta: unknown): boolean {
  if (meta === undefined) return true;
  if (!isPlainObject(meta)) return false;
  for (const key in meta) {
    if (key.startsWith(RESERVED_META_PREFIX)) return false;
  }
  const token = meta.progressToken;
  return token === undefined || typeof token === 'string' || Number.isSafeInteger(token);
}

function callToolParams(params: unknown): boolean {
  if (!isPlainObject(params)) return false;
  for (const key in params) {
    if (key === 'name') {
      if (typeof params.name !== 'string') return false;
    } else if (key === 'arguments') {
      if (params.arguments !== undefined && !isPlainObject(params.arguments)) return false;
    } else if (key !== '_meta' || !isPlainMeta(params._meta)) return false;
  }
  return typeof params.name === 'string';
}

function listParams(params: unknown): boolean {
  if (params === undefined) return true;
  if (!isPlainObject(params)) return false;
  for (const key in params) {
    if (key === 'cursor') {
      if (params.cursor !== undefined && typeof params.cursor !== 'string') return false;
    } else if (key !== '_meta' || !isPlainMeta(params._meta)) return false;
  }
  return true;
}

function readParams(params: unknown): boolean {
  if (!isPlainObject(params)) return false;
  for (const key in params) {
    if (key === 'uri') {
      if (typeof params.uri !== 'string') return false;
    } else if (key !== '_meta' || !isPlainMeta(params._meta)) return false;
  }
  return typeof params.uri === 'string';
}

const CHECKS: Readonly<Record<HotMethod, (params: unknown) => boolean>> = {
  'tools/call': callToolParams,
  'tools/list': listParams,
  'resources/read': readParams,
};

/** Whether the params of a hot method can be served without the SDK's schema (see the top of this file). */
export function takesHotParams(method: HotMethod, params: unknown): boolean {
  return CHECKS[method](params);
}
