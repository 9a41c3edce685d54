import type { JSONRPCRequest, Result, ServerContext } from '@modelcontextprotocol/server';

type RequestHandler = (request: JSONRPCRequest, ctx: ServerContext) => Promise<Result>;

/** A request handler shared by many servers, given the binding of the one it serves. */
export type BoundRequestHandler<B> = (binding: B, request: never, ctx: ServerContext) => Promise<Result>;

/**
 * A server's request handlers, standing in for the SDK's map of them. A handler is registered as its author wrote it,
 * or comes from a table shared by many servers (`bind`), and is wrapped (the SDK's schema check and result rules,
 * this library's params re-wording and MCP middleware) by `wrap` the first time it is looked up, which stores the
 * wrapped handler back with `set`. So an unused method costs a server nothing.
 */
export class LazyRequestHandlers {
  private readonly registered = new Map<string, unknown>();
  private wrapped?: Map<string, RequestHandler>;
  private shared?: { handlers: ReadonlyMap<string, BoundRequestHandler<unknown>>; binding: unknown; removed?: Set<string> };

  constructor(private readonly wrap: (method: string, handler: unknown) => void) {}

  register(method: string, handler: unknown): void {
    this.registered.set(method, handler);
    this.wrapped?.delete(method);
  }

  /** Serves these shared handlers, each called with `binding`; a method registered here takes precedence. */
  bind<B>(handlers: ReadonlyMap<string, BoundRequestHandler<B>>, binding: B): void {
    this.shared = { handlers: handlers as ReadonlyMap<string, BoundRequestHandler<unknown>>, binding };
  }

  /** The handler as registered (or bound), unwrapped. */
  registeredHandler(method: string): unknown {
    const own = this.registered.get(method);
    if (own !== undefined) return own;
    const shared = this.shared;
    const handler = shared?.removed?.has(method) ? undefined : shared?.handlers.get(method);
    if (!handler) return undefined;
    const bound = (request: never, ctx: ServerContext) => handler(shared!.binding, request, ctx);
    this.registered.set(method, bound);
    return bound;
  }

  get(method: string): RequestHandler | undefined {
    const wrapped = this.wrapped?.get(method);
    if (wrapped) return wrapped;
    const handler = this.registeredHandler(method);
    if (handler === undefined) return undefined;
    this.wrap(method, handler);
    return this.wrapped?.get(method);
  }

  set(method: string, handler: RequestHandler): void {
    if (!this.has(method)) this.registered.set(method, handler);
    (this.wrapped ??= new Map()).set(method, handler);
  }

  has(method: string): boolean {
    return this.registered.has(method) || (this.shared?.handlers.has(method) === true && !this.shared.removed?.has(method));
  }

  delete(method: string): boolean {
    const had = this.has(method);
    this.wrapped?.delete(method);
    this.registered.delete(method);
    if (this.shared?.handlers.has(method)) (this.shared.removed ??= new Set()).add(method);
    return had;
  }
}
