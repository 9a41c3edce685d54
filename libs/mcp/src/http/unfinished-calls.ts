import type { ServerResponse } from 'node:http';
import type { Transport } from '@modelcontextprotocol/server';
import type { CallFailure } from '../protocol/error-catalogue.js';
import { requestsOf } from './json-rpc-reply.js';

/** Answers the requests of a body with a JSON-RPC error on their own streams (calls that cannot finish). */
export function failCalls(transport: Transport, body: unknown, failure: CallFailure): void {
  for (const request of requestsOf(body)) {
    const error = { jsonrpc: '2.0' as const, id: request.id, error: { code: failure.code, message: failure.message } };
    transport.send(error, { relatedRequestId: request.id }).catch(() => undefined);
  }
}

/**
 * Without resumability a dropped response can never be delivered, so the requests it carried are cancelled
 * (their `ctx.signal` fires) as if the client had sent `notifications/cancelled`.
 */
export function cancelOnDisconnect(transport: Transport, res: ServerResponse, body: unknown): void {
  const ids = requestsOf(body).map((request) => request.id);
  if (!ids.length) return;
  res.once('close', () => {
    if (res.writableFinished) return;
    for (const requestId of ids) {
      transport.onmessage?.({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId, reason: 'client disconnected' } });
    }
  });
}
