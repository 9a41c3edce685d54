import type { JSONRPCMessage } from '@modelcontextprotocol/server';

type Id = string | number;

/**
 * Holds a request's response back until the client has handled the progress notifications written before it.
 *
 * The SDK clients (v1 and v2, and those built on them) dispatch a notification a microtask after reading it but a
 * response at once, and retire the request's progress handler with its response: a progress notification read in
 * the same chunk as its response is reported as "Received a progress notification for an unknown token" and never
 * reaches `onprogress` (https://github.com/modelcontextprotocol/typescript-sdk/issues/2580). Across a pipe, one
 * macrotask on this side does not keep the two apart: the client reads whatever has arrived by the time it wakes.
 * `settle` is what does (see `ClientFence`). A response whose request reported no progress is written at once.
 */
export class ProgressBeforeResponse {
  /** Progress token → the open request that announced it. */
  private readonly requestOfToken = new Map<Id, Id>();
  private readonly tokenOfRequest = new Map<Id, Id>();
  /** Request → when its latest progress notification was written (`performance.now()`). */
  private readonly lastProgress = new Map<Id, number>();

  constructor(private readonly settle: (lastProgressAt: number) => Promise<void>) {}

  /** Notes what the client sent: a request's progress token, or the cancellation of a request (it gets no response). */
  received(message: JSONRPCMessage): void {
    if (!('method' in message)) return;
    const params = message.params as { _meta?: { progressToken?: unknown }; requestId?: unknown } | undefined;
    if ('id' in message) {
      const token = params?._meta?.progressToken;
      if (!isId(token)) return;
      this.requestOfToken.set(token, message.id);
      this.tokenOfRequest.set(message.id, token);
    } else if (message.method === 'notifications/cancelled' && isId(params?.requestId)) {
      this.forget(params.requestId);
    }
  }

  /** Writes `message`, a response to a request that reported progress only once `settle` has resolved. */
  send(message: JSONRPCMessage, write: (message: JSONRPCMessage) => Promise<void>): Promise<void> {
    if ('method' in message) {
      const token = message.method === 'notifications/progress' ? (message.params as { progressToken?: unknown } | undefined)?.progressToken : undefined;
      const request = isId(token) ? this.requestOfToken.get(token) : undefined;
      if (request !== undefined) this.lastProgress.set(request, performance.now());
      return write(message);
    }
    if (!('id' in message) || !isId(message.id)) return write(message);
    const lastProgressAt = this.lastProgress.get(message.id);
    this.forget(message.id);
    if (lastProgressAt === undefined) return write(message);
    return this.settle(lastProgressAt).then(() => write(message));
  }

  private forget(request: Id): void {
    const token = this.tokenOfRequest.get(request);
    if (token === undefined) return;
    this.tokenOfRequest.delete(request);
    if (this.requestOfToken.get(token) === request) this.requestOfToken.delete(token);
    this.lastProgress.delete(request);
  }
}

function isId(value: unknown): value is Id {
  return typeof value === 'string' || typeof value === 'number';
}
