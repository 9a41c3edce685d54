import type { EventId, EventStore, JSONRPCMessage, StreamId } from '@modelcontextprotocol/server';
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
export function scopeEventStore(store: EventStore, sessionId: string, guard?: StreamGuard): EventStore {
  if (!store.getStreamIdForEventId) {
    throw new Error('The eventStore must implement getStreamIdForEventId so replays can be checked against their session');
  }
  const prefix = `${sessionId}.`;
  const claimed = new Set<StreamId>();
  const ownStream = async (eventId: EventId): Promise<StreamId | undefined> => {
    const streamId = await store.getStreamIdForEventId!(eventId);
    return streamId?.startsWith(prefix) ? streamId.slice(prefix.length) : undefined;
  };
  return {
    async storeEvent(streamId: StreamId, message: JSONRPCMessage) {
      const key = prefix + streamId;
      if (guard) await track(guard, key, claimed.has(streamId), message).then(() => claimed.add(streamId));
      return store.storeEvent(key, message);
    },
    getStreamIdForEventId: ownStream,
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

async function track(guard: StreamGuard, key: string, known: boolean, message: JSONRPCMessage): Promise<void> {
  const requestIds = callContext.getStore()?.requestIds;
  if (!known && requestIds?.length) await guard.ownership.claim(key, { instanceId: guard.instanceId, pending: requestIds });
  if (isJSONRPCResultResponse(message) || isJSONRPCErrorResponse(message)) await guard.ownership.settle(key, message.id as never);
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
