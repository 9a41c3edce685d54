import type { EventId, EventStore, JSONRPCMessage, StreamId } from '@modelcontextprotocol/server';
import { canForgetSessions, sessionStreamPrefix } from '../interfaces/session-events.interface.js';

/**
 * One session's view of a shared event store: its streams are stored under the session id, and a `Last-Event-ID`
 * from another session is refused instead of replayed (event ids are not secrets).
 */
export function scopeEventStore(store: EventStore, sessionId: string): EventStore {
  if (!store.getStreamIdForEventId) {
    throw new Error('The eventStore must implement getStreamIdForEventId so replays can be checked against their session');
  }
  const prefix = sessionStreamPrefix(sessionId);
  const ownStream = async (eventId: EventId): Promise<StreamId | undefined> => {
    const streamId = await store.getStreamIdForEventId!(eventId);
    return streamId?.startsWith(prefix) ? streamId.slice(prefix.length) : undefined;
  };
  return {
    storeEvent: (streamId: StreamId, message: JSONRPCMessage) => store.storeEvent(prefix + streamId, message),
    getStreamIdForEventId: ownStream,
    async replayEventsAfter(lastEventId, { send }) {
      if ((await ownStream(lastEventId)) === undefined) throw new Error(`Unknown event id: ${lastEventId}`);
      return (await store.replayEventsAfter(lastEventId, { send })).slice(prefix.length);
    },
  };
}

/** Drops an ended session's streams from the shared event store, when it can (`SessionEventsForgetting`); otherwise they expire. */
export async function forgetSessionEvents(store: EventStore | undefined, sessionId: string): Promise<void> {
  if (canForgetSessions(store)) await store.forgetSession(sessionId);
}
