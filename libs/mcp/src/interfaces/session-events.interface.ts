import type { EventStore, StreamId } from '@modelcontextprotocol/server';

/**
 * An event store that can drop the resumable streams of a 2025 session once the session ends (DELETE, idle reaping)
 * instead of waiting for them to expire: the SDK's `EventStore` has no way to delete. Optional: an event store
 * without it keeps a session's events until they expire or are evicted.
 *
 * A session's streams are stored under ids that start with `sessionStreamPrefix(sessionId)`.
 */
export interface SessionEventsForgetting {
  /** Forgets every stream (and event) of this session. */
  forgetSession(sessionId: string): Promise<void>;
}

const SESSION_SEPARATOR = '.';

/** What the streams of one session are prefixed with in a shared event store (session ids contain no dot). */
export function sessionStreamPrefix(sessionId: string): string {
  return sessionId + SESSION_SEPARATOR;
}

/** The session a stored stream belongs to, or undefined for a stream stored outside any session. */
export function sessionOfStream(streamId: StreamId): string | undefined {
  const separator = streamId.indexOf(SESSION_SEPARATOR);
  return separator > 0 ? streamId.slice(0, separator) : undefined;
}

export function canForgetSessions(store: EventStore | undefined): store is EventStore & SessionEventsForgetting {
  return typeof (store as Partial<SessionEventsForgetting> | undefined)?.forgetSession === 'function';
}
