import type { IncomingHttpHeaders } from 'node:http';
import { headerValue, McpHeader } from './http-headers.js';

/** A tool parameter that 2026-07-28 clients mirror in an `Mcp-Param-<header>` request header (SEP-2243). */
export interface MirroredParam {
  param: string;
  header: string;
}

const BASE64_VALUE = /^=\?base64\?(.*)\?=$/;
const BASE64_ALPHABET = /^[A-Za-z0-9+/]*={0,2}$/;

/** The parameters of an input schema marked with `"x-mcp-header": "<Name>"`. */
export function mirroredParams(inputSchema: Record<string, unknown>): MirroredParam[] {
  const properties = (inputSchema.properties ?? {}) as Record<string, Record<string, unknown>>;
  return Object.entries(properties)
    .filter(([, property]) => typeof property?.['x-mcp-header'] === 'string')
    .map(([param, property]) => ({ param, header: `${McpHeader.paramPrefix}${String(property['x-mcp-header']).toLowerCase()}` }));
}

/**
 * Why the mirrored headers of a `tools/call` disagree with its arguments, or undefined when they agree: every
 * argument present in the body must arrive in its header too (base64 form `=?base64?…?=` decoded), and vice versa.
 */
export function mirroredHeaderMismatch(headers: IncomingHttpHeaders, params: readonly MirroredParam[], args: Record<string, unknown>): string | undefined {
  for (const { param, header } of params) {
    const mirrored = headerValue(headers, header);
    const bodyValue = args[param];
    if (bodyValue === undefined || bodyValue === null) {
      if (mirrored !== undefined) return `Header ${header} given without the "${param}" argument`;
      continue;
    }
    if (mirrored === undefined) return `Missing header ${header} for the "${param}" argument`;
    const decoded = decodeHeaderValue(mirrored.trim());
    if (decoded === undefined) return `Header ${header} is not valid base64`;
    if (decoded !== String(bodyValue)) return `Header ${header} does not match the "${param}" argument`;
  }
  return undefined;
}

function decodeHeaderValue(value: string): string | undefined {
  const encoded = BASE64_VALUE.exec(value);
  if (!encoded) return value;
  const payload = encoded[1];
  if (payload.length % 4 !== 0 || !BASE64_ALPHABET.test(payload)) return undefined;
  return Buffer.from(payload, 'base64').toString('utf8');
}
