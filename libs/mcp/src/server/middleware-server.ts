import type { Implementation, JSONRPCNotification, JSONRPCRequest, MessageExtraInfo, Result, ServerContext, ServerOptions } from '@modelcontextprotocol/server';
import type { McpMessageChain } from './messages/mcp-message-chain.js';
import { ParamsCheckingServer } from './params-checking-server.js';
import type { McpServerBinding } from './server-binding.js';

export type RequestHandler = (request: JSONRPCRequest, ctx: ServerContext) => Promise<Result>;

/**
 * The SDK server with MCP middleware around every request handler (the SDK's own `ping`, `initialize`,
 * `logging/setLevel` and `tasks/*` included) and every client notification. The middleware wraps the validated,
 * re-worded handler, so it sees each request's final result or error.
 */
export class MiddlewareServer extends ParamsCheckingServer {
  private messages: { chain: McpMessageChain; binding: McpServerBinding } | undefined;

  constructor(serverInfo: Implementation, options: ServerOptions) {
    super(serverInfo, options);
  }

  /** Set once the server's binding exists, before it is connected to a transport. */
  runMessagesThrough(chain: McpMessageChain, binding: McpServerBinding): void {
    this.messages = { chain, binding };
  }

  protected override _wrapHandler(method: string, handler: RequestHandler): RequestHandler {
    const checked = super._wrapHandler(method, handler);
    // Read at call time: the SDK registers `ping` (and more) from its constructor, before `messages` is set.
    return (request, ctx) => this.throughMiddleware(method, request, ctx, checked);
  }

  /** Runs a handler inside the MCP middleware that apply to the request. */
  protected throughMiddleware(method: string, request: JSONRPCRequest, ctx: ServerContext, handler: RequestHandler): Promise<Result> {
    return this.messages ? this.messages.chain.request(this.messages.binding, method, request, ctx, handler) : handler(request, ctx);
  }

  protected override _onnotification(notification: JSONRPCNotification, extra?: MessageExtraInfo): void {
    if (!this.messages) return super._onnotification(notification, extra);
    const delivered = this.messages.chain.notification(this.messages.binding, notification, () => super._onnotification(notification, extra));
    if (delivered) delivered.catch((error: unknown) => this.onerror?.(error instanceof Error ? error : new Error(String(error))));
  }
}
