import type { EventId, EventStore, JSONRPCMessage, StreamId } from '@modelcontextprotocol/server';
import type { Redis } from 'ioredis';

const SEPARATOR = '|';

/**
 * Resumable SSE events in Redis Streams, one stream per SSE stream (bounded length, expiring), so a client can
 * resume on any instance. Event ids are `<streamId>|<entry id>`.
 */
export class RedisEventStore implements EventStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly maxEventsPerStream: number,
    private readonly ttlMs: number,
  ) {}

  async storeEvent(streamId: StreamId, message: JSONRPCMessage): Promise<EventId> {
    const key = this.key(streamId);
    const [[, entryId]] = (await this.redis
      .multi()
      .xadd(key, 'MAXLEN', '~', this.maxEventsPerStream, '*', 'm', JSON.stringify(message))
      .pexpire(key, this.ttlMs)
      .exec()) as [[Error | null, string], unknown];
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
