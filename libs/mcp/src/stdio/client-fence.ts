import type { JSONRPCMessage } from '@modelcontextprotocol/server';

const PING_ID_PREFIX = 'nestjs-mcp:fence:';
/** A client that has not answered a ping by then is taken not to answer pings at all. */
const PING_REPLY_TIMEOUT_MS = 1_000;
/** Without a ping to wait for: how long after its last progress notification a response is held. */
const SETTLE_MS = 5;

/**
 * Resolves once the client has handled what was written to it before, for `ProgressBeforeResponse`.
 *
 * On a 2025 connection (it opened with `initialize`) either side may ping the other, and a client answers a ping
 * only after it has read, and dispatched, everything written before it: the reply is the proof, whatever the load on
 * either side. The replies are the fence's own and never reach the SDK. A 2026-07-28 connection has no
 * server-to-client requests, and a client that leaves a ping unanswered gives no proof: there a response is held
 * until `SETTLE_MS` after the last progress notification, which a client waking up late can still miss.
 */
export class ClientFence {
  private mayPing = false;
  private pings = 0;
  private readonly awaitingReply = new Map<string, () => void>();

  constructor(private readonly write: (message: JSONRPCMessage) => Promise<void>) {}

  /** Notes what the client sent; true for a reply to one of the fence's pings (not for the SDK). */
  received(message: JSONRPCMessage): boolean {
    if ('method' in message) {
      if (message.method === 'initialize') this.mayPing = true;
      return false;
    }
    if (!('id' in message) || typeof message.id !== 'string' || !message.id.startsWith(PING_ID_PREFIX)) return false;
    this.awaitingReply.get(message.id)?.();
    return true;
  }

  settle(lastProgressAt: number): Promise<void> {
    if (!this.mayPing) return sleep(lastProgressAt + SETTLE_MS - performance.now());
    const id = `${PING_ID_PREFIX}${this.pings++}`;
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.awaitingReply.delete(id);
        resolve();
      };
      const timer = setTimeout(() => {
        this.mayPing = false;
        done();
      }, PING_REPLY_TIMEOUT_MS);
      this.awaitingReply.set(id, done);
      this.write({ jsonrpc: '2.0', id, method: 'ping' }).catch(done);
    });
  }

  /** Lets every held response go (the connection is closing). */
  release(): void {
    for (const done of [...this.awaitingReply.values()]) done();
  }
}

function sleep(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}
