import type { NestInterceptor } from '@nestjs/common';
import type { McpEra, McpTransportKind } from '../interfaces/mcp-context.interface.js';
import type { McpCallInfo } from './mcp-call.js';

/** The result key of each component list method: MCP middleware sees the whole list under it, before pagination. */
export const MCP_LIST_KEYS = {
  'tools/list': 'tools',
  'resources/list': 'resources',
  'resources/templates/list': 'resourceTemplates',
  'prompts/list': 'prompts',
} as const;

export type McpListKey = (typeof MCP_LIST_KEYS)[keyof typeof MCP_LIST_KEYS];

/**
 * One MCP message as MCP middleware sees it (`McpExecutionContext.getMessage()`): every request the client sends
 * (component calls, lists, `ping`, `initialize`, `logging/setLevel`, `tasks/*`, ...) and every client notification.
 */
export interface McpMessage {
  readonly method: string;
  /** A request gets an answer (the interceptor's result is it); a notification gets none (its result is ignored). */
  readonly type: 'request' | 'notification';
  /** JSON-RPC id of a request; undefined for notifications. */
  readonly requestId: string | number | undefined;
  /** The params as received (not yet validated against the method's schema: treat them as untrusted). */
  readonly params: Readonly<Record<string, unknown>>;
  /**
   * Set when the request addresses a component that exists: `tools/call`, `resources/read`, `prompts/get` and
   * `completion/complete`. `getHandler()`/`getClass()` are then the component's handler and class.
   */
  readonly call: McpCallInfo | undefined;
  /** Set on `tools/list`, `resources/list`, `resources/templates/list` and `prompts/list`: the list's result key. */
  readonly list: McpListKey | undefined;
  readonly era: McpEra;
  readonly transport: McpTransportKind;
  /** The negotiated (2025) or declared (2026-07-28) protocol version. */
  readonly protocolVersion: string | undefined;
  /** The 2025-era session id (HTTP with sessions); undefined on 2026-07-28 traffic, stdio and in memory. */
  readonly sessionId: string | undefined;
  /** Aborted when the client cancels or disconnects, or when middleware calls `abort()`. */
  readonly signal: AbortSignal;
  /**
   * Aborts the handler's `ctx.signal` (e.g. on a timeout) without answering for it: the middleware that calls it
   * answers (or throws) itself. A no-op on notifications and after the request finished.
   */
  abort(reason?: unknown): void;
}

/**
 * MCP middleware: a Nest interceptor registered with `McpModule.forRoot({ interceptors })`, run around every MCP
 * message. `appliesTo` is an optional fast path: when it returns false the interceptor is left out for that message
 * (and when no interceptor applies, no execution context is built at all).
 */
export interface McpMiddleware extends NestInterceptor {
  appliesTo?(message: McpMessage): boolean;
}

/** The MCP middleware of the module, outermost first: the built-ins, then `McpModule.forRoot({ interceptors })`. */
export const MCP_MIDDLEWARE = Symbol('MCP_MIDDLEWARE');
