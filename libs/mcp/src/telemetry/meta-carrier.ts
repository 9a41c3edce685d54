import { context, propagation, ROOT_CONTEXT, type Context, type TextMapGetter, type TextMapSetter } from '@opentelemetry/api';

/** The `_meta` keys trace context travels under (SEP-414; reserved by 2026-07-28). */
const CONTEXT_KEYS = ['traceparent', 'tracestate', 'baggage'];
/** W3C limits: tracestate 512 characters; baggage 8192 bytes (traceparent is 55). */
const MAX_VALUE_LENGTH = 8192;

type Meta = Record<string, unknown>;

/** Reads only the three keys, only string values within the W3C limits: `_meta` comes from the client. */
const metaGetter: TextMapGetter<Meta> = {
  keys: (meta) => CONTEXT_KEYS.filter((key) => typeof meta[key] === 'string'),
  get: (meta, key) => {
    const value = CONTEXT_KEYS.includes(key) ? meta[key] : undefined;
    return typeof value === 'string' && value.length <= MAX_VALUE_LENGTH ? value : undefined;
  },
};

const metaSetter: TextMapSetter<Meta> = {
  set: (meta, key, value) => {
    meta[key] = value;
  },
};

/** The `_meta` of a message's params, when it is an object. */
export function metaOf(params: Readonly<Record<string, unknown>>): Meta | undefined {
  const meta = params._meta;
  return typeof meta === 'object' && meta !== null && !Array.isArray(meta) ? (meta as Meta) : undefined;
}

/**
 * The context a message's span is parented on: the trace context (and baggage) its `_meta` carries, on a fresh
 * root, so that an ambient span (an HTTP server span) never becomes the parent. Malformed values give a root.
 */
export function extractFromMeta(params: Readonly<Record<string, unknown>>): Context {
  const meta = metaOf(params);
  return meta && (typeof meta.traceparent === 'string' || typeof meta.baggage === 'string') ? propagation.extract(ROOT_CONTEXT, meta, metaGetter) : ROOT_CONTEXT;
}

/** The outgoing params with the active trace context added to their `_meta` (a copy: the caller's object is kept). */
export function injectIntoMeta(params: Record<string, unknown> | undefined, active: Context = context.active()): Record<string, unknown> {
  const meta: Meta = { ...metaOf(params ?? {}) };
  propagation.inject(active, meta, metaSetter);
  return { ...params, _meta: meta };
}
