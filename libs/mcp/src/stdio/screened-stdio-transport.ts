import { PassThrough, type Readable, type Writable } from 'node:stream';
import { STDIO_DEFAULT_MAX_BUFFER_SIZE, type JSONRPCMessage, type Transport } from '@modelcontextprotocol/server';
import { StdioServerTransport } from '@modelcontextprotocol/server/stdio';
import { MessageRejections } from '../protocol/error-catalogue.js';
import { errorReply, screenLine, type JsonRpcErrorReply } from '../protocol/inbound-screen.js';
import { ClientFence } from './client-fence.js';
import { LineSplitter } from './line-splitter.js';
import { ProgressBeforeResponse } from './progress-before-response.js';

export interface ScreenedStdioOptions {
  /** `limits.maxDepth` of the module options. */
  maxDepth: number;
  /** Told why an inbound message was refused (answered, or ignored when JSON-RPC gives it no answer). */
  onRefused?: (reason: string) => void;
  stdin?: Readable;
  stdout?: Writable;
  /** Longest line held in memory. Default: the SDK's stdio buffer size (10 MiB). */
  maxLineBytes?: number;
}

/**
 * The stdio transport `serveStdio` is given, answering every request the client sends. The SDK's own reader skips a
 * line that is not JSON and hands a message its schema rejects to `onerror`, unanswered, so that client waits
 * forever. Here each line is parsed once and screened (`screenLine`): a refused request gets its JSON-RPC error, a
 * good message goes on as the SDK reader would deliver it. Writing and closing stay the SDK's `StdioServerTransport`,
 * reading from an input that never carries anything. A response to a request that reported progress waits until the
 * client has handled that progress (`ProgressBeforeResponse`).
 */
export class ScreenedStdioTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;

  private readonly stdin: Readable;
  private readonly writer: StdioServerTransport;
  private readonly lines: LineSplitter;
  private readonly fence: ClientFence;
  private readonly ordering: ProgressBeforeResponse;
  private closed = false;

  constructor(private readonly options: ScreenedStdioOptions) {
    this.stdin = options.stdin ?? process.stdin;
    this.writer = new StdioServerTransport(new PassThrough(), options.stdout ?? process.stdout);
    this.writer.onclose = () => this.onclose?.();
    this.writer.onerror = (error) => this.onerror?.(error);
    this.fence = new ClientFence((message) => this.writer.send(message));
    this.ordering = new ProgressBeforeResponse((lastProgressAt) => this.fence.settle(lastProgressAt));
    const maxLineBytes = options.maxLineBytes ?? STDIO_DEFAULT_MAX_BUFFER_SIZE;
    this.lines = new LineSplitter(maxLineBytes, this.onLine, () =>
      this.answer(errorReply({ id: null, rejection: MessageRejections.tooLarge(maxLineBytes) })),
    );
  }

  async start(): Promise<void> {
    await this.writer.start();
    this.stdin.on('data', this.onData);
    this.stdin.on('error', this.onInputError);
    this.stdin.on('end', this.onInputEnd);
    this.stdin.on('close', this.onInputEnd);
    if (this.stdin.readableEnded || this.stdin.destroyed) setImmediate(this.onInputEnd);
  }

  send(message: JSONRPCMessage): Promise<void> {
    return this.ordering.send(message, (next) => this.writer.send(next));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.stdin.off('data', this.onData);
    this.stdin.off('error', this.onInputError);
    this.stdin.off('end', this.onInputEnd);
    this.stdin.off('close', this.onInputEnd);
    if (this.stdin.listenerCount('data') === 0) this.stdin.pause();
    this.lines.clear();
    this.fence.release();
    await this.writer.close();
  }

  private readonly onData = (chunk: Buffer | string): void => this.lines.push(chunk);

  private readonly onInputError = (error: Error): void => this.onerror?.(error);

  private readonly onInputEnd = (): void => void this.close().catch((error: Error) => this.onerror?.(error));

  private readonly onLine = (line: string): void => {
    if (line.trim() === '') return;
    const verdict = screenLine(line, this.options.maxDepth);
    if ('answer' in verdict) return this.answer(verdict.answer);
    if ('ignore' in verdict) return this.options.onRefused?.(verdict.ignore);
    if (this.fence.received(verdict.deliver)) return;
    try {
      this.ordering.received(verdict.deliver);
      this.onmessage?.(verdict.deliver);
    } catch (error) {
      this.onerror?.(error as Error);
    }
  };

  private answer(reply: JsonRpcErrorReply): void {
    this.options.onRefused?.(reply.error.message);
    this.writer.send(reply as unknown as JSONRPCMessage).catch((error: Error) => this.onerror?.(error));
  }
}
