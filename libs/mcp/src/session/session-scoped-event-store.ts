import type { EventId, EventStore, JSONRPCMessage, RequestId, StreamId } from '@modelcontextprotocol/server';
import { isJSONRPCResultResponse, isJSONRPCErrorResponse } from '@modelcontextprotocol/server';
import { callContext } from '../http/call-context.js';
import type { StreamOwnership } from './stream-ownership.js';

/** Lets a session's event store tell which requests each stream carries, and whether their instance is alive. */
export interface StreamGuard {
  ownership: StreamOwnership;
  instanceId: string;
  alive(instanceId: string): Promise<boolean>;
}

/**
 * One session's view of a shared event store: its streams are stored under the session id, and a `Last-Event-ID`
 * from another session is refused instead of replayed (event ids are not secrets). With a guard, a stream resumed
 * after the instance serving its calls died first gets an error answer for each call it will never finish.
 */
/** A session's event store, which can also record the calls of a stream about to close early (SEP-1699). */
export interface ScopedEventStore extends EventStore {
  /** Claims the streams carrying this request now, so another instance can follow them once the client resumes. */
  claimFor(requestId: RequestId): Promise<void>;
}

export function scopeEventStore(store: EventStore, sessionId: string, guard?: StreamGuard): ScopedEventStore {
  if (!store.getStreamIdForEventId) {
    throw new Error('The eventStore must implement getStreamIdForEventId so replays can be checked against their session');
  }
  const prefix = `${sessionId}.`;
  const owned = guard ? new OwnedStreams(guard) : undefined;
  const ownStream = async (eventId: EventId): Promise<StreamId | undefined> => {
    const streamId = await store.getStreamIdForEventId!(eventId);
    return streamId?.startsWith(prefix) ? streamId.slice(prefix.length) : undefined;
  };
  return {
    async storeEvent(streamId: StreamId, message: JSONRPCMessage) {
      const key = prefix + streamId;
      owned?.observe(key, message);
      return store.storeEvent(key, message);
    },
    getStreamIdForEventId: ownStream,
    claimFor: async (requestId) => owned?.claimFor(requestId),
    async replayEventsAfter(lastEventId, { send }) {
      const streamId = await ownStream(lastEventId);
      if (streamId === undefined) throw new Error(`Unknown event id: ${lastEventId}`);
      if (!guard) return (await store.replayEventsAfter(lastEventId, { send })).slice(prefix.length);
      const key = prefix + streamId;
      await answerOrphans(guard, store, key);
      let last = lastEventId;
      const forward = async (eventId: EventId, message: JSONRPCMessage) => {
        await send(eventId, message);
        last = eventId;
      };
      await store.replayEventsAfter(lastEventId, { send: forward });
      await follow(guard, store, key, () => last, forward);
      return streamId;
    },
  };
}

/** A quick call never needs to be recovered: ownership is written only for calls that stream or take a while. */
const CLAIM_AFTER_MS = 1_000;

interface OpenStream {
  pending: RequestId[];
  claimed: boolean;
  timer?: NodeJS.Timeout;
}

/**
 * Ownership bookkeeping of the streams this instance serves, kept off the hot path: a stream is claimed in the shared
 * store when it carries something besides its priming event and answer (progress, logs, server requests) or is still
 * open after `CLAIM_AFTER_MS`; its calls are settled as they are answered.
 */
class OwnedStreams {
  private readonly open = new Map<string, OpenStream>();

  constructor(private readonly guard: StreamGuard) {}

  observe(key: string, message: JSONRPCMessage): void {
    const stream = this.open.get(key);
    if (!stream) {
      this.opened(key);
      return;
    }
    if (!isJSONRPCResultResponse(message) && !isJSONRPCErrorResponse(message)) {
      void this.claim(key, stream);
      return;
    }
    stream.pending = stream.pending.filter((id) => id !== message.id);
    if (stream.claimed) this.guard.ownership.settle(key, message.id as RequestId).catch(() => undefined);
    if (!stream.pending.length) {
      clearTimeout(stream.timer);
      this.open.delete(key);
    }
  }

  /** The first event of a stream (its priming event): remember the calls it carries. */
  private opened(key: string): void {
    const pending = callContext.getStore()?.requestIds;
    if (!pending?.length) return;
    const stream: OpenStream = { pending: [...pending], claimed: false };
    stream.timer = setTimeout(() => void this.claim(key, stream), CLAIM_AFTER_MS);
    stream.timer.unref();
    this.open.set(key, stream);
  }

  async claimFor(requestId: RequestId): Promise<void> {
    const claims = [...this.open].filter(([, stream]) => stream.pending.includes(requestId)).map(([key, stream]) => this.claim(key, stream));
    await Promise.all(claims);
  }

  private async claim(key: string, stream: OpenStream): Promise<void> {
    if (stream.claimed || !stream.pending.length) return;
    stream.claimed = true;
    clearTimeout(stream.timer);
    await this.guard.ownership.claim(key, { instanceId: this.guard.instanceId, pending: stream.pending }).catch(() => undefined);
  }
}

const FOLLOW_EVERY_MS = 200;
/** Long enough to notice a dead instance (heartbeat TTL); a client polls again after that. */
const FOLLOW_AT_MOST_MS = 20_000;

/**
 * A stream resumed here while another instance serves its calls (the SDK ends such a replayed stream once the replay
 * returns): that instance writes the stream's events to the shared store, so the replay long-polls them from there
 * until every call is answered, the serving instance dies (its calls are then answered with an error), or
 * `FOLLOW_AT_MOST_MS` passes and the client polls again.
 */
async function follow(
  guard: StreamGuard,
  store: EventStore,
  key: string,
  last: () => EventId,
  forward: (eventId: EventId, message: JSONRPCMessage) => Promise<void>,
): Promise<void> {
  const deadline = Date.now() + FOLLOW_AT_MOST_MS;
  try {
    for (;;) {
      const owner = await guard.ownership.get(key);
      if (owner?.instanceId === guard.instanceId) return;
      if (owner?.pending.length) await answerOrphans(guard, store, key);
      await store.replayEventsAfter(last(), { send: forward });
      if (!owner?.pending.length || Date.now() > deadline) return;
      await new Promise((resolve) => setTimeout(resolve, FOLLOW_EVERY_MS));
    }
  } catch {
    // The client went away (the stream cannot be written) or the store is unreachable: stop following.
  }
}

async function answerOrphans(guard: StreamGuard, store: EventStore, key: string): Promise<void> {
  const owner = await guard.ownership.get(key);
  if (!owner?.pending.length || (await guard.alive(owner.instanceId))) return;
  for (const id of owner.pending) {
    const error = { code: -32603, message: 'The server instance handling this call stopped before it finished; retry the call' };
    await store.storeEvent(key, { jsonrpc: '2.0', id, error });
    await guard.ownership.settle(key, id);
  }
}
