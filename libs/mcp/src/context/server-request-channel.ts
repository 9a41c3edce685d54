import { randomUUID } from 'node:crypto';
import type { ServerContext } from '@modelcontextprotocol/server';
import { ToolError } from '../errors/tool-error.js';
import { NO_TRACING, type McpTracing, type OutgoingRequest } from '../pipeline/mcp-tracing.js';
import type { ClientChannel, ClientQuestion } from './client-channel.js';

/** Users take their time answering; the SDK's 60 s default request timeout is for machines. */
const INPUT_TIMEOUT_MS = 10 * 60 * 1000;

type SendRequest = (request: ClientQuestion<unknown>['request'], options: { signal: AbortSignal; timeout: number }) => Promise<unknown>;

/**
 * 2025 sessions: a question is a server-to-client request on the call's own stream (not the session's GET stream, so
 * it reaches the client through the instance serving the call), once the client declared the capability.
 */
export class ServerRequestChannel implements ClientChannel {
  constructor(
    private readonly sdk: ServerContext,
    private readonly signal: AbortSignal,
    private readonly tracing: McpTracing = NO_TRACING,
  ) {}

  async ask<T>(question: ClientQuestion<T>): Promise<T> {
    if (!question.declared) {
      throw new ToolError(`The client does not support ${question.feature} (no "${question.capability}" capability declared)`);
    }
    const send = this.sdk.mcpReq.send as SendRequest;
    const options = { signal: this.signal, timeout: INPUT_TIMEOUT_MS };
    return (await this.tracing.clientRequest(question.request as OutgoingRequest, (request) => send(request as ClientQuestion<unknown>['request'], options))) as T;
  }

  urlElicitationId(): string {
    return randomUUID();
  }

  openQuestions(): undefined {
    return undefined;
  }
}
