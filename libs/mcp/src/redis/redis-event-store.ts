import type { EventId, EventStore, JSONRPCMessage, StreamId } from '@modelcontextprotocol/server';
import type { Redis } from 'ioredis';
import { sessionOfStream, type SessionEventsForgetting } from '../interfaces/session-events.interface.js';

const SEPARATOR = '|';

/**
 * Resumable SSE events in Redis Streams, one stream per SSE stream (bounded length, expiring), so a client can
 * resume on any instance. Event ids are `<streamId>|<entry id>`. The keys of a session's streams are kept in a set
 * (expiring with them), so they can be deleted when the session ends.
 */
export class RedisEventStore implements EventStore, SessionEventsForgetting {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly maxEventsPerStream: number,
    private readonly ttlMs: number,
  ) {}

  async storeEvent(streamId: StreamId, message: JSONRPCMessage): Promise<EventId> {
    const key = this.key(streamId);
    const sessionId = sessionOfStream(streamId);
    const commands = this.redis
      .multi()
      .xadd(key, 'MAXLEN', '~', this.maxEventsPerStream, '*', 'm', JSON.stringify(message))
      .pexpire(key, this.ttlMs);
    if (sessionId !== undefined) commands.sadd(this.sessionKey(sessionId), key).pexpire(this.sessionKey(sessionId), this.ttlMs);
    const [[, entryId]] = (await commands.exec()) as [[Error | null, string], ...unknown[]];
    return `${streamId}${SEPARATOR}${entryId}`;
  }

  async getStreamIdForEventId(eventId: EventId): Promise<StreamId | undefined> {
    const parsed = parse(eventId);
    if (!parsed) return undefined;
    return (await this.redis.exists(this.key(parsed.streamId))) ? parsed.streamId : undefined;
  }

  async replayEventsAfter(
    lastEventId: EventId,
    { send }: { send: (eventId: EventId, message: JSONRPCMessage) => Promise<void> },
  ): Promise<StreamId> {
    const parsed = parse(lastEventId);
    if (!parsed) throw new Error(`Unknown event id: ${lastEventId}`);
    const entries = await this.redis.xrange(this.key(parsed.streamId), `(${parsed.entryId}`, '+');
    for (const [entryId, fields] of entries) {
      await send(`${parsed.streamId}${SEPARATOR}${entryId}`, JSON.parse(fields[1]) as JSONRPCMessage);
    }
    return parsed.streamId;
  }

  async forgetSession(sessionId: string): Promise<void> {
    const index = this.sessionKey(sessionId);
    const keys = await this.redis.smembers(index);
    await this.redis.del(...keys, index);
  }

  private sessionKey(sessionId: string): string {
    return `${this.prefix}session-events:${sessionId}`;
  }

  private key(streamId: StreamId): string {
    return `${this.prefix}events:${streamId}`;
  }
}

function parse(eventId: EventId): { streamId: StreamId; entryId: string } | undefined {
  const separator = eventId.lastIndexOf(SEPARATOR);
  if (separator <= 0) return undefined;
  const entryId = eventId.slice(separator + 1);
  return /^\d+-\d+$/.test(entryId) ? { streamId: eventId.slice(0, separator), entryId } : undefined;
}
