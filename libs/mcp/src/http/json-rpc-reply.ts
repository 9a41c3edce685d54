import type { ServerResponse } from 'node:http';
import type { JSONRPCRequest } from '@modelcontextprotocol/server';
import type { HttpRefusal } from '../protocol/error-catalogue.js';
import { isRequestMessage } from '../protocol/message-kinds.js';

/** Writes a refusal as the whole HTTP response (for requests refused before the SDK sees them). */
export function writeRefusal(res: ServerResponse, refusal: HttpRefusal, id: string | number | null = null): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  writeJson(res, refusal.status, jsonRpcErrorBody(refusal, id), refusal.headers);
}

/** A whole JSON response: the status, the JSON media type (and more headers), the serialized body. */
export function writeJson(res: ServerResponse, status: number, body: string, headers?: Readonly<Record<string, string>>): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(body);
}

export function jsonRpcErrorBody({ code, message }: Pick<HttpRefusal, 'code' | 'message'>, id: string | number | null = null): string {
  return JSON.stringify({ jsonrpc: '2.0', error: { code, message }, id });
}

/** The id of a JSON-RPC request body, when it has one (for error replies). */
export function requestIdOf(body: unknown): string | number | null {
  if (typeof body === 'object' && body !== null && !Array.isArray(body)) {
    const id = (body as { id?: unknown }).id;
    if (typeof id === 'string' || typeof id === 'number') return id;
  }
  return null;
}

/** The messages of a body: a JSON-RPC batch, or the one message it is. */
export function messagesOf(body: unknown): unknown[] {
  return Array.isArray(body) ? body : [body];
}

/** The JSON-RPC requests (calls awaiting an answer) a body carries. */
export function requestsOf(body: unknown): JSONRPCRequest[] {
  return messagesOf(body).filter(isRequestMessage);
}
