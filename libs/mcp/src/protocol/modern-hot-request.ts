import {
  CLIENT_CAPABILITIES_META_KEY,
  CLIENT_INFO_META_KEY,
  LOG_LEVEL_META_KEY,
  PROTOCOL_VERSION_META_KEY,
  type JSONRPCRequest,
} from '@modelcontextprotocol/server';
import { HOT_METHODS, takesHotParams, type HotMethod } from './hot-params.js';
import { isPlainObject } from './json-rpc-shape.js';

/** The one 2026-era revision this SDK serves. */
export const MODERN_PROTOCOL_VERSION = '2026-07-28';

/** The `_meta` keys of the 2026-07-28 per-request envelope, which the SDK lifts out of a request before its handler. */
const ENVELOPE_KEYS = [PROTOCOL_VERSION_META_KEY, CLIENT_INFO_META_KEY, CLIENT_CAPABILITIES_META_KEY, LOG_LEVEL_META_KEY];

const HOT: ReadonlySet<string> = new Set(HOT_METHODS);

/** The standard request headers of a 2026-07-28 POST (SEP-2243), as sent. */
export interface ModernRequestHeaders {
  protocolVersion: string | undefined;
  method: string | undefined;
  name: string | undefined;
}

/** A 2026-07-28 request the server dispatches itself: its params as the handler sees them, and its envelope. */
export interface ModernHotRequest {
  request: JSONRPCRequest & { method: HotMethod };
  envelope: Record<string, unknown>;
}

/**
 * A 2026-07-28 request of a hot method that needs nothing of the SDK's general path, with its envelope lifted out of
 * `_meta` as the SDK lifts it; undefined for anything else, which the SDK serves and answers as before. Taken only
 * when the SDK would serve it unchanged: the request was classified modern (so its envelope is valid), names this
 * revision in the envelope and in exactly the headers the SDK requires, is no retry of an input round
 * (`inputResponses`, `requestState`), and its remaining params pass `takesHotParams`. Headers the SDK would first
 * normalise (whitespace, a Base64 `Mcp-Name`) go its way too.
 */
export function modernHotRequest(message: JSONRPCRequest, headers: ModernRequestHeaders): ModernHotRequest | undefined {
  const { method, params } = message;
  if (!HOT.has(method) || headers.protocolVersion !== MODERN_PROTOCOL_VERSION || headers.method !== method) return undefined;
  if (!isPlainObject(params) || 'inputResponses' in params || 'requestState' in params) return undefined;
  const meta = params._meta;
  if (!isPlainObject(meta) || meta[PROTOCOL_VERSION_META_KEY] !== MODERN_PROTOCOL_VERSION) return undefined;
  const named = nameOf(method as HotMethod, params);
  if (named !== undefined && headers.name !== named) return undefined;
  const envelope: Record<string, unknown> = {};
  const rest: Record<string, unknown> = {};
  for (const key in meta) {
    if (ENVELOPE_KEYS.includes(key)) envelope[key] = meta[key];
    else rest[key] = meta[key];
  }
  const { _meta: _envelope, ...others } = params;
  const lifted = Object.keys(rest).length ? { ...others, _meta: rest } : others;
  if (!takesHotParams(method as HotMethod, lifted)) return undefined;
  return { request: { ...message, method: method as HotMethod, params: lifted }, envelope };
}

/** The body value `Mcp-Name` mirrors for the method. */
function nameOf(method: HotMethod, params: Record<string, unknown>): unknown {
  if (method === 'tools/call') return params.name;
  if (method === 'resources/read') return params.uri;
  return undefined;
}
