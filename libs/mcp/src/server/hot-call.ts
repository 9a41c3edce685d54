import type { JSONRPCRequest, MessageExtraInfo, Notification, RequestId, RequestOptions, Server, ServerContext } from '@modelcontextprotocol/server';

type McpReq = ServerContext['mcpReq'];

/** What the SDK's `ctx.mcpReq.send` is called with by this library: a request and its options. */
type SendArgs = [request: { method: string; params?: Record<string, unknown> }, options?: RequestOptions];

/**
 * `ctx.mcpReq` of a request the server dispatches itself: what the SDK builds for its own dispatch, with the abort
 * signal made only when something reads it (most calls never do).
 */
class HotRequest {
  readonly _meta: McpReq['_meta'];
  readonly notify: McpReq['notify'];
  readonly send: McpReq['send'];
  readonly log: McpReq['log'];
  readonly requestState: McpReq['requestState'] = noRequestState;
  private controller?: AbortController;
  private abortedWith?: { reason: unknown };

  constructor(
    server: Server,
    readonly id: RequestId,
    readonly method: string,
    meta: unknown,
  ) {
    this._meta = meta as McpReq['_meta'];
    this.notify = (notification: Notification) => server.notification(notification, { relatedRequestId: id });
    this.send = ((...[request, options]: SendArgs) => server.request(request as never, { ...options, relatedRequestId: id })) as McpReq['send'];
    this.log = (level, data, logger) => this.notify({ method: 'notifications/message', params: { level, data, ...(logger ? { logger } : {}) } });
  }

  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.abortedWith) this.controller.abort(this.abortedWith.reason);
    }
    return this.controller.signal;
  }

  get aborted(): boolean {
    return this.abortedWith !== undefined;
  }

  /** Cancelled by the client, or its connection closed: the handler's signal fires and no answer is sent. */
  abort(reason: unknown): void {
    if (this.abortedWith) return;
    this.abortedWith = { reason };
    this.controller?.abort(reason);
  }
}

function noRequestState(): undefined {
  return undefined;
}

/** The `ServerContext` of one request the server dispatches itself (`HotPathServer`). */
export class HotCall {
  readonly mcpReq: HotRequest;
  readonly http: ServerContext['http'];

  constructor(
    server: Server,
    request: JSONRPCRequest,
    readonly sessionId: string | undefined,
    extra: MessageExtraInfo | undefined,
  ) {
    this.mcpReq = new HotRequest(server, request.id, request.method, (request.params as { _meta?: unknown } | undefined)?._meta);
    this.http =
      extra && (extra.authInfo || extra.request || extra.closeSSEStream)
        ? { authInfo: extra.authInfo, req: extra.request, closeSSE: extra.closeSSEStream, closeStandaloneSSE: extra.closeStandaloneSSEStream }
        : undefined;
  }

  get context(): ServerContext {
    return this as unknown as ServerContext;
  }
}
