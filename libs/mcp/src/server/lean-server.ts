import { Server, type Implementation, type ServerOptions } from '@modelcontextprotocol/server';
import { LazyMap, LazySet } from './lazy-collections.js';
import { LazyRequestHandlers, type BoundRequestHandler } from './lazy-request-handlers.js';

type SetRequestHandler = (this: Server, method: string, ...rest: unknown[]) => void;
const sdkSetRequestHandler = Server.prototype.setRequestHandler as SetRequestHandler;

/** The SDK's per-connection maps and sets, most of which a 2025 session never writes to. */
const BOOKKEEPING_MAPS = ['_requestHandlerAbortControllers', '_responseHandlers', '_progressHandlers', '_timeoutInfo', '_loggingLevels'];
const BOOKKEEPING_SETS = ['_customSchemaRequestMethods', '_pendingDebouncedNotifications'];
/** The SDK gives every server its own copy of this constant table. */
let sharedLogLevelSeverity: unknown;

/**
 * The SDK `Server`, allocating what it keeps per connection on first use, so that a session just opened, or idle,
 * weighs little (bench/README.md, "Memory"):
 * - A request handler is wrapped the first time a request of its method arrives rather than when it is registered.
 *   Each wrapping is several closures (the SDK's validation, the params re-wording, the MCP middleware); a 2025
 *   session registers a dozen methods and most clients use a few. A handler registered with schemas (a custom
 *   method) is wrapped at once: the SDK's era gate reads that registration before any lookup.
 * - The SDK's bookkeeping maps and sets (in-flight requests, requests to the client, progress, timeouts) allocate
 *   their tables on their first entry.
 */
export class LeanServer extends Server {
  constructor(serverInfo: Implementation, options: ServerOptions) {
    super(serverInfo, options);
    const fields = this as unknown as Record<string, unknown>;
    for (const name of BOOKKEEPING_MAPS) if (fields[name] instanceof Map && fields[name].size === 0) fields[name] = new LazyMap();
    for (const name of BOOKKEEPING_SETS) if (fields[name] instanceof Set && fields[name].size === 0) fields[name] = new LazySet();
    if (fields.LOG_LEVEL_SEVERITY instanceof Map) fields.LOG_LEVEL_SEVERITY = sharedLogLevelSeverity ??= fields.LOG_LEVEL_SEVERITY;
  }

  /** Serves handlers shared by many servers, each called with this server's `binding`. */
  protected bindHandlers<B>(handlers: ReadonlyMap<string, BoundRequestHandler<B>>, binding: B): void {
    lazyHandlersOf(this).bind(handlers, binding);
  }

  /** A handler as it was registered, before any wrapping. */
  protected registeredHandler(method: string): unknown {
    return lazyHandlersOf(this).registeredHandler(method);
  }
}

// Installed on the prototype rather than declared in the class: a declared override would hide the SDK's typed
// overloads from every caller.
LeanServer.prototype.setRequestHandler = function setRequestHandler(this: LeanServer, method: string, ...rest: unknown[]): void {
  const [handler] = rest;
  if (typeof handler !== 'function') return sdkSetRequestHandler.call(this, method, ...rest);
  (this as unknown as { assertRequestHandlerCapability(method: string): void }).assertRequestHandlerCapability(method);
  lazyHandlersOf(this).register(method, handler);
} as Server['setRequestHandler'];

/** The server's handlers, put in place of the SDK's map on first use: the SDK's constructor registers some. */
function lazyHandlersOf(server: Server): LazyRequestHandlers {
  const fields = server as unknown as { _requestHandlers: unknown };
  if (fields._requestHandlers instanceof LazyRequestHandlers) return fields._requestHandlers;
  const handlers = new LazyRequestHandlers((method, handler) => sdkSetRequestHandler.call(server, method, handler));
  if (fields._requestHandlers instanceof Map) for (const [method, handler] of fields._requestHandlers) handlers.set(method, handler);
  fields._requestHandlers = handlers;
  return handlers;
}
