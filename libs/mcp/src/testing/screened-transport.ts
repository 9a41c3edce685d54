import type { JSONRPCMessage, MessageExtraInfo, Transport, TransportSendOptions } from '@modelcontextprotocol/server';
import { screenStreamMessage } from '../protocol/inbound-screen.js';

/**
 * The server's side of an in-memory connection, screening what the client sends the way stdio and HTTP do: the SDK
 * drops a message its schema rejects without answering, so a test sending one would wait forever.
 */
export class ScreenedTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage, extra?: MessageExtraInfo) => void;

  constructor(
    private readonly inner: Transport,
    private readonly maxDepth: number,
  ) {}

  get sessionId(): string | undefined {
    return this.inner.sessionId;
  }

  start(): Promise<void> {
    this.inner.onclose = () => this.onclose?.();
    this.inner.onerror = (error) => this.onerror?.(error);
    this.inner.onmessage = (message, extra) => {
      const verdict = screenStreamMessage(message, this.maxDepth);
      if ('deliver' in verdict) return this.onmessage?.(verdict.deliver, extra);
      if ('answer' in verdict) this.inner.send(verdict.answer as unknown as JSONRPCMessage).catch((error: Error) => this.onerror?.(error));
    };
    return this.inner.start();
  }

  send(message: JSONRPCMessage, options?: TransportSendOptions): Promise<void> {
    return this.inner.send(message, options);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
