import type { ServerResponse } from 'node:http';
import type { JSONRPCMessage } from '@modelcontextprotocol/server';
import { McpHeader } from '../../protocol/http-headers.js';

const SSE_HEADERS = {
  'content-type': 'text/event-stream',
  'cache-control': 'no-cache, no-transform',
  connection: 'keep-alive',
  'x-accel-buffering': 'no',
} as const;

/** The longest interval `setInterval` takes. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * A server-sent event stream written straight to Node's response. Headers go out with the first event, or on the
 * next turn of the event loop when none came by then, so a quick answer is one write and a slow one still lets the
 * client see the stream open.
 */
export class SseStream {
  /** The client went away before the stream was ended. */
  onclose?: () => void;
  private ended = false;
  private flush?: NodeJS.Immediate;
  private keepAlive?: NodeJS.Timeout;

  constructor(
    private readonly res: ServerResponse,
    sessionId: string | undefined,
  ) {
    res.writeHead(200, sessionId === undefined ? SSE_HEADERS : { ...SSE_HEADERS, [McpHeader.sessionId]: sessionId });
    this.flush = setImmediate(() => {
      this.flush = undefined;
      if (!this.ended) res.flushHeaders();
    });
    res.once('close', () => {
      this.stopTimers();
      if (this.ended) return;
      this.ended = true;
      this.onclose?.();
    });
  }

  get open(): boolean {
    return !this.ended;
  }

  /** Sends `: keepalive` comments so proxies keep an idle stream open (the SDK's rule: no timer for a bad interval). */
  keepAliveEvery(ms: number): void {
    if (this.ended || !Number.isFinite(ms) || ms < 1) return;
    this.keepAlive = setInterval(() => this.write(': keepalive\n\n'), Math.min(ms, MAX_TIMER_MS));
    this.keepAlive.unref();
  }

  /** One `message` event, with its id when the stream is resumable. False when the stream is gone. */
  event(message: JSONRPCMessage, eventId?: string): boolean {
    const id = eventId ? `id: ${eventId}\n` : '';
    return this.write(`event: message\n${id}data: ${JSON.stringify(message)}\n\n`);
  }

  /** The priming event of a resumable stream: an id to resume from (and a reconnection delay) with empty data. */
  prime(eventId: string, retryMs: number | undefined): boolean {
    const retry = retryMs === undefined ? '' : `retry: ${retryMs}\n`;
    return this.write(`id: ${eventId}\n${retry}data: \n\n`);
  }

  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.stopTimers();
    this.res.end();
  }

  private write(chunk: string): boolean {
    if (this.ended) return false;
    this.res.write(chunk);
    return true;
  }

  private stopTimers(): void {
    if (this.flush) clearImmediate(this.flush);
    clearInterval(this.keepAlive);
    this.flush = undefined;
  }
}
