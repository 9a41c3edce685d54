import type { EventId, EventStore, JSONRPCMessage, StreamId } from '@modelcontextprotocol/server';

export interface MemoryEventStoreOptions {
  /** Events kept per stream; older ones can no longer be replayed. Default 1,000. */
  maxEventsPerStream?: number;
  /** Streams idle longer than this are forgotten. Default 30 minutes. */
  streamTtlMs?: number;
}

interface StoredStream {
  events: { id: EventId; message: JSONRPCMessage }[];
  touchedAt: number;
}

/**
 * Resumable SSE (2025 era) in process memory: events are kept per stream, bounded, and replayed after a
 * `Last-Event-ID` from the same stream only. Event ids encode their stream (`<streamId>_<seq>`).
 */
export class MemoryEventStore implements EventStore {
  private readonly streams = new Map<StreamId, StoredStream>();
  private readonly maxEvents: number;
  private readonly ttlMs: number;
  private sequence = 0;

  constructor(options: MemoryEventStoreOptions = {}) {
    this.maxEvents = options.maxEventsPerStream ?? 1_000;
    this.ttlMs = options.streamTtlMs ?? 30 * 60 * 1000;
  }

  async storeEvent(streamId: StreamId, message: JSONRPCMessage): Promise<EventId> {
    const now = Date.now();
    const stream = this.streams.get(streamId) ?? { events: [], touchedAt: now };
    const id = `${streamId}_${(++this.sequence).toString(36)}`;
    stream.events.push({ id, message });
    if (stream.events.length > this.maxEvents) stream.events.splice(0, stream.events.length - this.maxEvents);
    stream.touchedAt = now;
    this.streams.set(streamId, stream);
    if (this.sequence % 1_000 === 0) this.forgetIdle(now);
    return id;
  }

  async getStreamIdForEventId(eventId: EventId): Promise<StreamId | undefined> {
    const streamId = streamOf(eventId);
    return streamId !== undefined && this.streams.has(streamId) ? streamId : undefined;
  }

  async replayEventsAfter(
    lastEventId: EventId,
    { send }: { send: (eventId: EventId, message: JSONRPCMessage) => Promise<void> },
  ): Promise<StreamId> {
    const streamId = streamOf(lastEventId);
    const stream = streamId === undefined ? undefined : this.streams.get(streamId);
    if (streamId === undefined || !stream) throw new Error(`Unknown event id: ${lastEventId}`);
    const index = stream.events.findIndex((event) => event.id === lastEventId);
    for (const event of stream.events.slice(index + 1)) await send(event.id, event.message);
    stream.touchedAt = Date.now();
    return streamId;
  }

  private forgetIdle(now: number): void {
    for (const [streamId, stream] of this.streams) if (now - stream.touchedAt > this.ttlMs) this.streams.delete(streamId);
  }
}

function streamOf(eventId: EventId): StreamId | undefined {
  const separator = eventId.lastIndexOf('_');
  return separator > 0 ? eventId.slice(0, separator) : undefined;
}
