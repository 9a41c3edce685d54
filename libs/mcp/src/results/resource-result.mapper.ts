import type { ReadResourceResult } from '@modelcontextprotocol/server';

/**
 * What a resource method returned -> `ReadResourceResult`. A full result passes through; a string is text;
 * bytes are a base64 blob; anything else is JSON text.
 */
export function toReadResourceResult(value: unknown, uri: string, mimeType: string | undefined): ReadResourceResult {
  if (isReadResourceResult(value)) return value;
  const type = mimeType ? { mimeType } : {};
  if (typeof value === 'string') return { contents: [{ uri, ...type, text: value }] };
  if (value instanceof Uint8Array) {
    return { contents: [{ uri, ...type, blob: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64') }] };
  }
  return { contents: [{ uri, mimeType: mimeType ?? 'application/json', text: JSON.stringify(value ?? null) }] };
}

function isReadResourceResult(value: unknown): value is ReadResourceResult {
  return typeof value === 'object' && value !== null && Array.isArray((value as { contents?: unknown }).contents);
}
