import type { EventId, EventStore, JSONRPCMessage, RequestId } from '@modelcontextprotocol/server';
import type { StreamOwnership } from '../interfaces/state-layer.interface.js';
import { CallFailures } from '../protocol/error-catalogue.js';
import { isResponseMessage } from '../protocol/message-kinds.js';
import { streamCalls } from './stream-calls.js';

/** What a session's event store needs to know about the instances serving its streams. */
export interface StreamOwnershipGuard {
  ownership: StreamOwnership;
  instanceId: string;
  alive(instanceId: string): Promise<boolean>;
}

/** An event store that records which instance serves each stream's calls, and claims a stream before it closes early. */
export interface OwnershipTrackingEventStore extends EventStore {
  /** Claims the streams carrying this request now, so another instance can follow them once the client resumes. */
  claimFor(requestId: RequestId): Promise<void>;
}

/**
 * Wraps a shared event store for several instances: a stream resumed after the instance serving its calls died first
 * gets an error answer for each call it will never finish; one resumed while that instance still serves it follows
 * the events that instance writes.
 */
export function trackStreamOwnership(store: EventStore, guard: StreamOwnershipGuard): OwnershipTrackingEventStore {
  const owned = new OwnedStreams(guard);
  const lookup = store.getStreamIdForEventId?.bind(store);
  return {
    async storeEvent(streamKey, message) {
      owned.observe(streamKey, message);
      return store.storeEvent(streamKey, message);
    },
    // Left undefined when the store cannot look streams up: the session scope then refuses it with a clear error.
    getStreamIdForEventId: lookup,
    claimFor: (requestId) => owned.claimFor(requestId),
    async replayEventsAfter(lastEventId, { send }) {
      const streamKey = await lookup?.(lastEventId);
      if (streamKey === undefined) throw new Error(`Unknown event id: ${lastEventId}`);
      await answerOrphans(guard, store, streamKey);
      let last = lastEventId;
      const forward = async (eventId: EventId, message: JSONRPCMessage) => {
        await send(eventId, message);
        last = eventId;
      };
      await store.replayEventsAfter(lastEventId, { send: forward });
      await follow(guard, store, streamKey, () => last, forward);
      return streamKey;
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

  constructor(private readonly guard: StreamOwnershipGuard) {}

  observe(key: string, message: JSONRPCMessage): void {
    const stream = this.open.get(key);
    if (!stream) {
      this.opened(key);
      return;
    }
    if (!isResponseMessage(message)) {
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
    const pending = streamCalls.getStore()?.requestIds;
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
  guard: StreamOwnershipGuard,
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

async function answerOrphans(guard: StreamOwnershipGuard, store: EventStore, key: string): Promise<void> {
  const owner = await guard.ownership.get(key);
  if (!owner?.pending.length || (await guard.alive(owner.instanceId))) return;
  for (const id of owner.pending) {
    await store.storeEvent(key, { jsonrpc: '2.0', id, error: { ...CallFailures.instanceStopped } });
    await guard.ownership.settle(key, id);
  }
}
