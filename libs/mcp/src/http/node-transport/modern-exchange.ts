import type { ServerResponse } from 'node:http';
import { ProtocolErrorCode, type JSONRPCErrorResponse, type JSONRPCNotification, type JSONRPCResponse, type RequestId } from '@modelcontextprotocol/server';
import type { CallFailure } from '../../protocol/error-catalogue.js';
import { writeJson } from '../json-rpc-reply.js';
import type { HotExchange } from '../../server/modern-exchange-calls.js';
import { SseStream } from './sse-stream.js';

export interface ModernExchangeOptions {
  /** `json`: one JSON answer, messages before it dropped; `auto`: JSON, or an SSE stream once a message comes first. */
  responseMode: 'json' | 'auto';
  keepAliveMs: number;
}

/**
 * One 2026-07-28 request answered on Node's response, as the SDK's per-request transport answers it: a JSON answer
 * (HTTP 200, or 400 for a missing client capability, which the spec puts on the error itself), or an SSE stream
 * opened by the first message the handler sends before its answer and ended by the answer.
 */
export class ModernExchange implements HotExchange {
  onabandoned?: () => void;
  private stream?: SseStream;
  private answered = false;

  constructor(
    private readonly res: ServerResponse,
    private readonly requestId: RequestId,
    private readonly options: ModernExchangeOptions,
  ) {
    res.once('close', () => {
      if (this.answered) return;
      this.answered = true;
      this.onabandoned?.();
    });
  }

  relate(message: JSONRPCNotification): void {
    if (this.answered || this.options.responseMode === 'json') return;
    if (!this.stream) {
      this.stream = new SseStream(this.res, undefined);
      this.stream.keepAliveEvery(this.options.keepAliveMs);
    }
    this.stream.event(message);
  }

  answer(message: JSONRPCResponse | JSONRPCErrorResponse): void {
    if (this.answered) return;
    this.answered = true;
    if (this.stream) {
      this.stream.event(message);
      this.stream.end();
      return;
    }
    if (this.res.headersSent || this.res.destroyed) return;
    const status = 'error' in message && message.error.code === ProtocolErrorCode.MissingRequiredClientCapability ? 400 : 200;
    writeJson(this.res, status, JSON.stringify(message));
  }

  /** Answers with an error now (the server is shutting down) and abandons the call. */
  giveUp(failure: CallFailure): void {
    if (this.answered) return;
    this.answer({ jsonrpc: '2.0', id: this.requestId, error: { code: failure.code, message: failure.message } });
    this.onabandoned?.();
  }
}
