import { isJSONRPCRequest, type JSONRPCRequest } from '@modelcontextprotocol/server';
import type { ServerResponse } from 'node:http';

/** Writes a JSON-RPC error as the whole HTTP response (for refusals made before the SDK sees the request). */
export function writeJsonRpcError(
  res: ServerResponse,
  status: number,
  code: number,
  message: string,
  options: { id?: string | number | null; data?: unknown; headers?: Record<string, string> } = {},
): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const body = jsonRpcErrorBody(code, message, options.id ?? null, options.data);
  res.writeHead(status, { 'content-type': 'application/json', ...options.headers });
  res.end(body);
}

/** The id of a JSON-RPC request body, when it has one (for error replies). */
export function requestIdOf(body: unknown): string | number | null {
  if (typeof body === 'object' && body !== null && !Array.isArray(body)) {
    const id = (body as { id?: unknown }).id;
    if (typeof id === 'string' || typeof id === 'number') return id;
  }
  return null;
}

export function jsonRpcErrorBody(code: number, message: string, id: string | number | null = null, data?: unknown): string {
  return JSON.stringify({ jsonrpc: '2.0', error: { code, message, ...(data !== undefined ? { data } : {}) }, id });
}

/** The messages of a body: a JSON-RPC batch, or the one message it is. */
export function messagesOf(body: unknown): unknown[] {
  return Array.isArray(body) ? body : [body];
}

/** The JSON-RPC requests (calls awaiting an answer) a body carries. */
export function requestsOf(body: unknown): JSONRPCRequest[] {
  return messagesOf(body).filter(isJSONRPCRequest);
}
