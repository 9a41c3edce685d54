import type { JSONRPCRequest, LoggingLevel, MessageExtraInfo, Notification, RequestId, RequestOptions, ServerContext } from '@modelcontextprotocol/server';

type McpReq = ServerContext['mcpReq'];

/** What the SDK's `ctx.mcpReq.send` is called with by this library: a request and its options. */
export type HotSendArgs = [request: { method: string; params?: Record<string, unknown> }, options?: RequestOptions];

/**
 * Where the messages a hot call sends on its own go: the connection (a 2025 session, stdio) or the call's HTTP
 * exchange (2026-07-28), each relating them to the call's request id its own way.
 */
export interface HotCallLink {
  notify(notification: Notification, relatedRequestId: RequestId): Promise<void>;
  send(args: HotSendArgs, relatedRequestId: RequestId): Promise<unknown>;
  /** Whether a log message of this level reaches the client (`ctx.mcpReq.log`). */
  logs(level: LoggingLevel): boolean;
}

/**
 * `ctx.mcpReq` of a request the server dispatches itself: what the SDK builds for its own dispatch, with the abort
 * signal made only when something reads it (most calls never do).
 */
class HotRequest {
  readonly _meta: McpReq['_meta'];
  readonly envelope: McpReq['envelope'];
  readonly notify: McpReq['notify'];
  readonly send: McpReq['send'];
  readonly log: McpReq['log'];
  readonly requestState: McpReq['requestState'] = noRequestState;
  private controller?: AbortController;
  private abortedWith?: { reason: unknown };

  constructor(
    link: HotCallLink,
    readonly id: RequestId,
    readonly method: string,
    meta: unknown,
    envelope: Record<string, unknown> | undefined,
  ) {
    this._meta = meta as McpReq['_meta'];
    this.envelope = envelope as McpReq['envelope'];
    this.notify = (notification: Notification) => link.notify(notification, id);
    this.send = ((...args: HotSendArgs) => link.send(args, id)) as McpReq['send'];
    this.log = (level, data, logger) =>
      link.logs(level) ? this.notify({ method: 'notifications/message', params: { level, data, ...(logger ? { logger } : {}) } }) : Promise.resolve();
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

/** One request the server dispatches itself (`HotPathServer`): its `ServerContext`. */
export interface HotCallOptions {
  link: HotCallLink;
  request: JSONRPCRequest;
  sessionId: string | undefined;
  extra: MessageExtraInfo | undefined;
  /** The 2026-07-28 envelope lifted out of the request's `_meta`. */
  envelope?: Record<string, unknown>;
}

/** The `ServerContext` of one request the server dispatches itself (`HotPathServer`). */
export class HotCall {
  readonly mcpReq: HotRequest;
  readonly http: ServerContext['http'];
  readonly sessionId: string | undefined;

  constructor({ link, request, sessionId, extra, envelope }: HotCallOptions) {
    this.sessionId = sessionId;
    this.mcpReq = new HotRequest(link, request.id, request.method, (request.params as { _meta?: unknown } | undefined)?._meta, envelope);
    this.http =
      extra && (extra.authInfo || extra.request || extra.closeSSEStream)
        ? { authInfo: extra.authInfo, req: extra.request, closeSSE: extra.closeSSEStream, closeStandaloneSSE: extra.closeStandaloneSSEStream }
        : undefined;
  }

  get context(): ServerContext {
    return this as unknown as ServerContext;
  }
}
