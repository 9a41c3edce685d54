import type { JSONRPCNotification, JSONRPCRequest, Result, ServerContext } from '@modelcontextprotocol/server';
import { Inject, Injectable } from '@nestjs/common';
import { CallContextFactory } from '../../context/call-context.factory.js';
import { McpErrorMapper } from '../../errors/error-mapper.js';
import { MCP_OPTIONS, type McpResolvedOptions } from '../../options/mcp-options.js';
import { MCP_CONTEXT_TYPE } from '../../pipeline/mcp-call.js';
import { McpExecutionContext } from '../../pipeline/mcp-execution-context.js';
import { MCP_LIST_KEYS, MCP_MIDDLEWARE, type McpListKey, type McpMessage, type McpMiddleware } from '../../pipeline/mcp-message.js';
import { McpRegistry } from '../../registry/mcp-registry.js';
import { cursorOffset, pageOfList } from '../handlers/pagination.js';
import type { McpServerBinding } from '../server-binding.js';
import { runInterceptors } from './interceptor-chain.js';
import { targetOf } from './message-targets.js';

export type RequestHandler = (request: JSONRPCRequest, ctx: ServerContext) => Promise<Result>;

/** What `getClass()` shows MCP middleware for a message that is not a component call. */
export class McpServerMessages {}

/** One stand-in `getHandler()` per request method (only methods a server registered reach the chain: a fixed set). */
const methodHandlers = new Map<string, () => void>();

/**
 * Runs the MCP middleware (`MCP_MIDDLEWARE`: the built-ins, then `McpModule.forRoot({ interceptors })`) around every
 * request and client notification of a server, and cuts list results into pages after it. The middleware that apply
 * to a message are chosen by their `appliesTo`; when none does, the message costs one lookup and nothing else.
 */
@Injectable()
export class McpMessageChain {
  constructor(
    @Inject(MCP_MIDDLEWARE) private readonly middleware: McpMiddleware[],
    @Inject(MCP_OPTIONS) private readonly options: McpResolvedOptions,
    private readonly registry: McpRegistry,
    private readonly contexts: CallContextFactory,
    private readonly errors: McpErrorMapper,
  ) {}

  /** Runs `handler` (the SDK's validated handler of `method`) inside the middleware that apply to the request. */
  async request(binding: McpServerBinding, method: string, request: JSONRPCRequest, sdk: ServerContext, handler: RequestHandler): Promise<Result> {
    const list: McpListKey | undefined = MCP_LIST_KEYS[method as keyof typeof MCP_LIST_KEYS];
    let start = 0;
    const served: RequestHandler = list
      ? async (req, ctx) => {
          const whole = await handler(req, ctx);
          start = cursorOffset((req.params as { cursor?: string } | undefined)?.cursor);
          return whole;
        }
      : handler;
    let result: Result;
    try {
      result = this.middleware.length ? await this.intercepted(binding, method, request, sdk, list, served) : await served(request, sdk);
    } catch (error) {
      // A bug in middleware or in a handler outside the component pipelines is logged, counted and masked alike.
      throw this.errors.toRequestError(error, method);
    }
    return list ? pageOfList(result, list, start, this.options.pageSize) : result;
  }

  /** Runs `deliver` (the SDK's dispatch of a client notification) inside the middleware that apply to it. */
  notification(binding: McpServerBinding, notification: JSONRPCNotification, deliver: () => void): Promise<void> | void {
    if (!this.middleware.length) return deliver();
    const params = paramsOf(notification.params);
    const message: McpMessage = {
      method: notification.method,
      type: 'notification',
      requestId: undefined,
      params,
      call: undefined,
      list: undefined,
      era: binding.era.name,
      transport: binding.transport,
      protocolVersion: binding.server.getNegotiatedProtocolVersion(),
      sessionId: undefined,
      signal: NEVER_ABORTED,
      abort: () => undefined,
    };
    const applying = this.middleware.filter((middleware) => middleware.appliesTo?.(message) ?? true);
    if (!applying.length) return deliver();
    const context = executionContext([params, undefined, undefined, message], McpServerMessages, namedStandIn(notification.method));
    return runInterceptors(applying, context, async () => deliver()).then(() => undefined);
  }

  private async intercepted(
    binding: McpServerBinding,
    method: string,
    request: JSONRPCRequest,
    sdk: ServerContext,
    list: McpListKey | undefined,
    served: RequestHandler,
  ): Promise<Result> {
    const params = paramsOf(request.params);
    const target = targetOf(this.registry, method, params);
    const candidate: McpMessage = {
      method,
      type: 'request',
      requestId: request.id,
      params,
      call: target.call,
      list,
      era: binding.era.name,
      transport: binding.transport,
      protocolVersion: binding.server.getNegotiatedProtocolVersion(),
      sessionId: sdk.sessionId,
      signal: sdk.mcpReq.signal,
      abort: () => undefined,
    };
    const applying = this.middleware.filter((middleware) => middleware.appliesTo?.(candidate) ?? true);
    if (!applying.length) return served(request, sdk);
    // Only now, with middleware to run, the signal middleware can abort on the handler's behalf.
    const aborter = new AbortController();
    const signal = AbortSignal.any([sdk.mcpReq.signal, aborter.signal]);
    const message: McpMessage = { ...candidate, signal, abort: (reason) => aborter.abort(reason) };
    const scoped: ServerContext = { ...sdk, mcpReq: { ...sdk.mcpReq, signal } };
    const mcpContext = this.contexts.create({
      sdk: scoped,
      server: binding.server,
      transport: binding.transport,
      era: binding.era.name,
      channel: binding.era.clientChannel({ sdk: scoped, server: binding.server, signal, target: () => method }),
      logLevel: binding.logLevel,
      claimStream: binding.claimStream,
      session: binding.session,
      visibility: binding.visibility,
    });
    const handlerRef = target.pipeline?.handler ?? standInFor(method);
    const hostClass = target.pipeline?.hostClass ?? McpServerMessages;
    const context = executionContext([target.args, mcpContext, target.call, message], hostClass, handlerRef);
    return (await runInterceptors(applying, context, () => served(request, scoped))) as Result;
  }
}

const NEVER_ABORTED = new AbortController().signal;

function executionContext(args: unknown[], hostClass: Function, handler: Function): McpExecutionContext {
  const context = new McpExecutionContext(args, hostClass as never, handler as never);
  context.setType(MCP_CONTEXT_TYPE);
  return context;
}

function standInFor(method: string): () => void {
  let handler = methodHandlers.get(method);
  if (!handler) {
    handler = namedStandIn(method);
    methodHandlers.set(method, handler);
  }
  return handler;
}

/** Notification names come from the client, so their stand-ins are not kept. */
function namedStandIn(method: string): () => void {
  return { [method]: () => undefined }[method];
}

function paramsOf(params: unknown): Record<string, unknown> {
  return typeof params === 'object' && params !== null && !Array.isArray(params) ? (params as Record<string, unknown>) : {};
}
