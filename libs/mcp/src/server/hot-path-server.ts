import {
  isInputRequiredResult,
  ProtocolError,
  ProtocolErrorCode,
  SdkError,
  SdkErrorCode,
  type Implementation,
  type JSONRPCErrorResponse,
  type JSONRPCMessage,
  type JSONRPCNotification,
  type JSONRPCRequest,
  type JSONRPCResponse,
  type MessageExtraInfo,
  type RequestId,
  type Result,
  type ServerContext,
  type ServerOptions,
  type Transport,
} from '@modelcontextprotocol/server';
import { LEGACY_PROTOCOL_VERSIONS } from '../protocol/eras.js';
import { takesHotParams, type HotMethod } from '../protocol/hot-params.js';
import { MODERN_PROTOCOL_VERSION, type ModernHotRequest } from '../protocol/modern-hot-request.js';
import { isPlainToolResult } from '../protocol/plain-tool-result.js';
import { HotCall, type HotCallLink } from './hot-call.js';
import type { BoundRequestHandler } from './lazy-request-handlers.js';
import { MiddlewareServer, type RequestHandler } from './middleware-server.js';
import { checkedInputRound, exchangeLink, modernFailure, type HotExchange } from './modern-exchange-calls.js';

/** A bit of `HotPathServer.hotMethods` for each method the hot path serves, 0 for any other. */
function hotMethodBit(method: string): number {
  switch (method) {
    case 'tools/call':
      return 1;
    case 'tools/list':
      return 2;
    case 'resources/read':
      return 4;
    default:
      return 0;
  }
}

/** Result members that make a contentless `tools/call` result something else (the SDK leaves those alone). */
const NOT_A_TOOL_RESULT = ['task', 'inputRequests', 'requestState'];

/**
 * The SDK server, dispatching its most used requests (`tools/call`, `tools/list`, `resources/read`) itself: on a 2025
 * connection, and for 2026-07-28 requests handed to it one exchange at a time (`serveExchange`). The same handlers,
 * inside the same MCP middleware, answered on the same transport or exchange, but without what the SDK's general
 * dispatch costs per request (schema parses of the message, its params and a tool's result; a context object rebuilt
 * by spreading; an abort signal nobody reads; for 2026-07-28, a server and a transport per request). Requests whose
 * params it does not take as they are (`takesHotParams`) and every other method go the SDK's way, so their answers,
 * errors included, are the SDK's.
 */
export class HotPathServer extends MiddlewareServer {
  /** The hot methods served here, a `hotMethodBit` each. */
  private hotMethods = 0;
  private inFlight?: Map<RequestId, HotCall>;
  private connectionLink?: HotCallLink;
  /** Methods with a configured cache hint: the SDK attaches it to their 2026-07-28 results, so they go its way. */
  private readonly cacheHints: ServerOptions['cacheHints'];

  constructor(serverInfo: Implementation, options: ServerOptions) {
    super(serverInfo, options);
    this.cacheHints = options.cacheHints;
  }

  /**
   * Serves handlers shared by every server the factory builds, each called with this server's binding; the hot
   * methods among them are dispatched here, the rest, and what the hot path does not take, by the SDK.
   */
  serveBound<B>(handlers: ReadonlyMap<string, BoundRequestHandler<B>>, binding: B): void {
    this.bindHandlers(handlers, binding);
    for (const method of handlers.keys()) this.hotMethods |= hotMethodBit(method);
  }

  override async connect(transport: Transport): Promise<void> {
    await super.connect(transport);
    const viaSdk = transport.onmessage;
    if (!viaSdk || !this.hotMethods) return;
    transport.onmessage = (message, extra) => {
      if (!this.dispatched(message, extra)) viaSdk(message, extra);
    };
  }

  /**
   * Makes this a server of 2026-07-28 requests handed to it one exchange at a time (`serveExchange`), for as long as
   * it lives; it is never connected to a transport.
   */
  servesModernExchanges(): void {
    this._negotiatedProtocolVersion = MODERN_PROTOCOL_VERSION;
  }

  /** Whether `serveExchange` answers a 2026-07-28 request of this method. */
  answersExchange(method: HotMethod): boolean {
    return this.hotHandler(method) !== undefined && (this.cacheHints as Record<string, unknown> | undefined)?.[method] === undefined;
  }

  /**
   * Answers one 2026-07-28 request on its own exchange, as the SDK's per-request serving would: the envelope's log
   * level filters log messages, server-to-client requests are refused, an input-required result is held to the
   * request's declared capabilities, and the answer carries the 2026-07-28 result members.
   */
  serveExchange({ request, envelope }: ModernHotRequest, exchange: HotExchange, extra: MessageExtraInfo): void {
    const call = new HotCall({ link: exchangeLink(exchange, envelope), request, sessionId: undefined, extra, envelope });
    exchange.onabandoned = () => call.mcpReq.abort(new SdkError(SdkErrorCode.ConnectionClosed, 'Connection closed'));
    const { method } = request;
    const handler = this.hotHandler(method)!;
    const checked: RequestHandler = (req, ctx) =>
      handler(req, ctx).then(
        (result) => (isInputRequiredResult(result) ? checkedInputRound(method, result, envelope) : method === 'tools/call' ? this.validToolResult(result) : result),
        (error: unknown) => {
          throw modernFailure(error);
        },
      );
    this.dispatch(request, call, checked, (message) => exchange.answer(message));
  }

  protected override _onclose(): void {
    const calls = this.inFlight;
    this.inFlight = undefined;
    try {
      super._onclose();
    } finally {
      if (calls) for (const call of calls.values()) call.mcpReq.abort(new SdkError(SdkErrorCode.ConnectionClosed, 'Connection closed'));
    }
  }

  /** True when the message was a hot request, now being served here. */
  private dispatched(message: JSONRPCMessage, extra: MessageExtraInfo | undefined): boolean {
    const { method } = message as { method?: unknown };
    if (typeof method !== 'string') return false;
    if (!('id' in message)) {
      // The SDK aborts the requests it dispatched; these are ours.
      if (method === 'notifications/cancelled') this.cancel((message as JSONRPCNotification).params);
      return false;
    }
    const handler = this.hotHandler(method);
    if (!handler || extra?.classification !== undefined || !this.servesLegacy()) return false;
    const request = message as JSONRPCRequest;
    if (!takesHotParams(method as HotMethod, request.params)) return false;
    this.serveOnConnection(request, method === 'tools/call' ? (req, ctx) => handler(req, ctx).then((result) => this.checkedToolResult(result)) : handler, extra);
    return true;
  }

  /**
   * The handler of a hot method served here, as registered. The hot path hands it only requests whose params
   * `takesHotParams` accepted: the method's own shape.
   */
  private hotHandler(method: string): RequestHandler | undefined {
    return this.hotMethods & hotMethodBit(method) ? (this.registeredHandler(method) as RequestHandler | undefined) : undefined;
  }

  /**
   * A 2025 connection, or one that negotiated nothing yet, which the SDK also serves with the 2025 codec (a server
   * of the 2025 stateless option never sees `initialize`). A 2026-07-28 client's requests carry the reserved
   * envelope in `_meta`, which `takesHotParams` declines.
   */
  private servesLegacy(): boolean {
    const version = this._negotiatedProtocolVersion;
    return version === undefined || LEGACY_PROTOCOL_VERSIONS.has(version);
  }

  private serveOnConnection(request: JSONRPCRequest, handler: RequestHandler, extra: MessageExtraInfo | undefined): void {
    const transport = this.transport!;
    this.connectionLink ??= {
      notify: (notification, relatedRequestId) => this.notification(notification, { relatedRequestId }),
      send: ([outbound, options], relatedRequestId) => this.request(outbound as never, { ...options, relatedRequestId }),
      logs: () => true,
    };
    const call = new HotCall({ link: this.connectionLink, request, sessionId: transport.sessionId, extra });
    (this.inFlight ??= new Map()).set(request.id, call);
    this.dispatch(request, call, handler, (message) => transport.send(message)).finally(() => {
      if (this.inFlight?.get(request.id) === call) this.inFlight.delete(request.id);
    });
  }

  /** Runs the handler inside the MCP middleware and sends its answer, unless the call was abandoned. */
  private dispatch(
    request: JSONRPCRequest,
    call: HotCall,
    handler: RequestHandler,
    send: (message: JSONRPCResponse | JSONRPCErrorResponse) => Promise<void> | void,
  ): Promise<void> {
    const codec = this._wireCodec();
    return this.throughMiddleware(request.method, request, call.context, handler)
      .then(
        (result) => {
          if (call.mcpReq.aborted) return;
          return send({ jsonrpc: '2.0', id: request.id, result: codec.encodeResult(request.method, result, this._outboundServerInfo()) });
        },
        (error: unknown) => {
          if (call.mcpReq.aborted) return;
          return send(errorAnswer(request.id, error, (code) => codec.encodeErrorCode(code)));
        },
      )
      .catch((error: unknown) => this.onerror?.(new Error(`Failed to send response: ${String(error)}`)));
  }

  /** What the SDK checks of every `tools/call` result on a 2025 connection, without its schema for the usual shapes. */
  private checkedToolResult(result: Result): Result {
    if (isInputRequiredResult(result)) {
      // Only a 2026-07-28 call asks for input with a result; this library's handlers never return one on 2025.
      throw new ProtocolError(ProtocolErrorCode.InternalError, 'Handler for tools/call returned an input-required result on a 2025 connection');
    }
    return this.validToolResult(result);
  }

  private validToolResult(result: Result): Result {
    if (isPlainToolResult(result)) return result;
    const outcome = this._wireCodec().validateResult('tools/call', withContent(result));
    if (outcome.ok) return outcome.value as Result;
    if (outcome.reason === 'not-in-era') throw new ProtocolError(ProtocolErrorCode.InternalError, 'No wire schema for tools/call in the resolved era');
    throw new ProtocolError(ProtocolErrorCode.InvalidParams, `Invalid tools/call result: ${outcome.message}`);
  }

  private cancel(params: unknown): void {
    const { requestId, reason } = (params ?? {}) as { requestId?: RequestId; reason?: unknown };
    if (requestId !== undefined) this.inFlight?.get(requestId)?.mcpReq.abort(reason);
  }
}

/** As the SDK does: a result with neither content nor another family's members gets empty content. */
function withContent(result: Result): Result {
  if (result.content !== undefined || NOT_A_TOOL_RESULT.some((key) => key in result)) return result;
  return { ...result, content: [] };
}

/** The error answer the SDK gives a failed request: the error's own code when it has one, else -32603. */
function errorAnswer(id: RequestId, error: unknown, encode: (code: number) => number): JSONRPCErrorResponse {
  const { code, message, data } = (error ?? {}) as { code?: unknown; message?: unknown; data?: unknown };
  return {
    jsonrpc: '2.0',
    id,
    error: {
      code: encode(Number.isSafeInteger(code) ? (code as number) : ProtocolErrorCode.InternalError),
      message: typeof message === 'string' ? message : 'Internal error',
      ...(data !== undefined ? { data } : {}),
    },
  };
}
