import type { McpCallInfo } from './mcp-call.js';

/** A server-to-client request as the client channel sends it. */
export interface OutgoingRequest {
  method: string;
  params?: Record<string, unknown>;
}

/**
 * The tracing hooks the lower layers (the invoker, the client channel, task runs) call, provided by telemetry/ under
 * `MCP_TRACING`. Each runs `work` unchanged, and without allocating anything, when no OpenTelemetry SDK is registered.
 */
export interface McpTracing {
  /** Runs a component's Nest pipeline (guards, interceptors, pipes, method, filters) under a span of its own. */
  handler<T>(info: McpCallInfo, hostClass: Function, handler: Function, work: () => Promise<T>): Promise<T>;
  /**
   * Wraps the guard check of one list request (`check` runs per component): one span covers every check started
   * synchronously for the list and ends when the last settles.
   */
  guardChecks<A extends unknown[]>(method: string, check: (...args: A) => Promise<boolean>): (...args: A) => Promise<boolean>;
  /** Sends a server-to-client request under a client span, with the trace context injected into its `_meta`. */
  clientRequest<T>(request: OutgoingRequest, send: (request: OutgoingRequest) => Promise<T>): Promise<T>;
  /** Binds a task's runs to the current span: each run gets a span of its own, linked to the one that created it. */
  taskRun<A extends unknown[], T>(toolName: string, run: (...args: A) => Promise<T>): (...args: A) => Promise<T>;
}

export const MCP_TRACING = Symbol('MCP_TRACING');

/** What runs when no tracing is provided (a module without telemetry/, unit tests). */
export const NO_TRACING: McpTracing = {
  handler: (_info, _hostClass, _handler, work) => work(),
  guardChecks: (_method, check) => check,
  clientRequest: (request, send) => send(request),
  taskRun: (_toolName, run) => run,
};
