import type { EventId, EventStore, JSONRPCMessage, StreamId } from '@modelcontextprotocol/server';
import { sessionOfStream, type SessionEventsForgetting } from '../interfaces/session-events.interface.js';

export interface MemoryEventStoreOptions {
  /** Events kept per stream; older ones can no longer be replayed. Default 1,000. */
  maxEventsPerStream?: number;
  /** Events kept across all streams; beyond it the oldest event of any stream is dropped first. Default 100,000. */
  maxEvents?: number;
  /**
   * Size of the events kept across all streams, counted as the length of each message's JSON text (what is held in
   * memory); beyond it the oldest events of any stream are dropped first. Default 64 MiB.
   */
  maxBytes?: number;
  /** Streams idle longer than this are forgotten. Default 30 minutes. */
  streamTtlMs?: number;
}

/** What the store holds, for monitoring and tests. */
export interface MemoryEventStoreStats {
  streams: number;
  events: number;
  bytes: number;
  /** Sessions with at least one stream. */
  sessions: number;
}

interface StoredEvent {
  readonly id: EventId;
  readonly streamId: StreamId;
  readonly sequence: number;
  /** The message as JSON; undefined once the event was dropped (its entry may linger in the eviction queue). */
  json: string | undefined;
}

/** A stream's live events are `events[head..]`: events only ever leave a stream from its oldest end. */
interface StoredStream {
  events: (StoredEvent | undefined)[];
  head: number;
  touchedAt: number;
}

const COMPACT_AFTER = 1_024;

/**
 * Resumable SSE (2025 era) in process memory, bounded: per stream, and across all streams by count and by size
 * (oldest first, whatever its stream). Events are replayed after a `Last-Event-ID` from the same stream only; event
 * ids encode their stream (`<streamId>_<seq>`). A session's streams are forgotten when the session ends.
 */
export class MemoryEventStore implements EventStore, SessionEventsForgetting {
  private readonly streams = new Map<StreamId, StoredStream>();
  private readonly streamsOfSession = new Map<string, Set<StreamId>>();
  /** Every stored event in insertion order, for eviction; dropped events are skipped and compacted away. */
  private queue: (StoredEvent | undefined)[] = [];
  private queueHead = 0;
  private droppedInQueue = 0;
  private events = 0;
  private bytes = 0;
  private sequence = 0;
  private lastSweep = Date.now();
  private readonly maxPerStream: number;
  private readonly maxEvents: number;
  private readonly maxBytes: number;
  private readonly ttlMs: number;
  private readonly sweepEveryMs: number;

  constructor(options: MemoryEventStoreOptions = {}) {
    this.maxPerStream = options.maxEventsPerStream ?? 1_000;
    this.maxEvents = options.maxEvents ?? 100_000;
    this.maxBytes = options.maxBytes ?? 64 * 1024 * 1024;
    this.ttlMs = options.streamTtlMs ?? 30 * 60 * 1000;
    this.sweepEveryMs = Math.min(this.ttlMs, 60_000);
  }

  async storeEvent(streamId: StreamId, message: JSONRPCMessage): Promise<EventId> {
    const now = Date.now();
    const stream = this.streams.get(streamId) ?? this.openStream(streamId, now);
    const sequence = ++this.sequence;
    const event: StoredEvent = { id: `${streamId}_${sequence.toString(36)}`, streamId, sequence, json: JSON.stringify(message) };
    stream.events.push(event);
    stream.touchedAt = now;
    this.queue.push(event);
    this.events++;
    this.bytes += event.json!.length;
    if (stream.events.length - stream.head > this.maxPerStream) this.dropOldestOf(streamId, stream);
    this.evictOverCaps();
    if (now - this.lastSweep >= this.sweepEveryMs) this.forgetIdle(now);
    return event.id;
  }

  async getStreamIdForEventId(eventId: EventId): Promise<StreamId | undefined> {
    const streamId = streamOf(eventId)?.streamId;
    return streamId !== undefined && this.streams.has(streamId) ? streamId : undefined;
  }

  /**
   * Replays the stream's events after `lastEventId`. When that event was already dropped, what remains of the stream
   * is replayed; when the whole stream is gone, nothing is (the SDK asks `getStreamIdForEventId` first and answers an
   * unknown stream with HTTP 400, so this only happens when the stream is dropped in between).
   */
  async replayEventsAfter(
    lastEventId: EventId,
    { send }: { send: (eventId: EventId, message: JSONRPCMessage) => Promise<void> },
  ): Promise<StreamId> {
    const parsed = streamOf(lastEventId);
    if (!parsed) throw new Error(`Unknown event id: ${lastEventId}`);
    const stream = this.streams.get(parsed.streamId);
    if (!stream) return parsed.streamId;
    stream.touchedAt = Date.now();
    const after = stream.events.slice(stream.head).filter((event) => event!.sequence > parsed.sequence) as StoredEvent[];
    for (const event of after) {
      if (event.json !== undefined) await send(event.id, JSON.parse(event.json) as JSONRPCMessage);
    }
    return parsed.streamId;
  }

  async forgetSession(sessionId: string): Promise<void> {
    for (const streamId of this.streamsOfSession.get(sessionId) ?? []) this.forgetStream(streamId);
  }

  stats(): MemoryEventStoreStats {
    return { streams: this.streams.size, events: this.events, bytes: this.bytes, sessions: this.streamsOfSession.size };
  }

  private openStream(streamId: StreamId, now: number): StoredStream {
    const stream: StoredStream = { events: [], head: 0, touchedAt: now };
    this.streams.set(streamId, stream);
    const sessionId = sessionOfStream(streamId);
    if (sessionId !== undefined) {
      let streams = this.streamsOfSession.get(sessionId);
      if (!streams) this.streamsOfSession.set(sessionId, (streams = new Set()));
      streams.add(streamId);
    }
    return stream;
  }

  private forgetStream(streamId: StreamId): void {
    const stream = this.streams.get(streamId);
    if (!stream) return;
    for (let index = stream.head; index < stream.events.length; index++) {
      if (this.release(stream.events[index]!)) this.droppedInQueue++;
    }
    this.streams.delete(streamId);
    this.forgetStreamOfSession(streamId);
    this.compactQueue();
  }

  /** Drops a stream's oldest event, which may sit anywhere in the eviction queue. */
  private dropOldestOf(streamId: StreamId, stream: StoredStream): void {
    if (this.release(this.shiftStream(streamId, stream)!)) this.droppedInQueue++;
    this.compactQueue();
  }

  /** The globally oldest live event is also the oldest of its stream, so eviction takes streams' heads only. */
  private evictOverCaps(): void {
    while ((this.events > this.maxEvents || this.bytes > this.maxBytes) && this.queueHead < this.queue.length) {
      const event = this.queue[this.queueHead]!;
      this.queue[this.queueHead++] = undefined;
      if (event.json === undefined) {
        this.droppedInQueue--;
        continue;
      }
      const stream = this.streams.get(event.streamId)!;
      this.release(this.shiftStream(event.streamId, stream)!);
    }
    this.compactQueue();
  }

  /** Takes the oldest event off a stream, forgetting the stream once it is empty. */
  private shiftStream(streamId: StreamId, stream: StoredStream): StoredEvent | undefined {
    const event = stream.events[stream.head];
    stream.events[stream.head++] = undefined;
    if (stream.head === stream.events.length) {
      this.streams.delete(streamId);
      this.forgetStreamOfSession(streamId);
    } else if (stream.head >= COMPACT_AFTER && stream.head * 2 >= stream.events.length) {
      stream.events = stream.events.slice(stream.head);
      stream.head = 0;
    }
    return event;
  }

  private forgetStreamOfSession(streamId: StreamId): void {
    const sessionId = sessionOfStream(streamId);
    if (sessionId === undefined) return;
    const streams = this.streamsOfSession.get(sessionId);
    streams?.delete(streamId);
    if (streams?.size === 0) this.streamsOfSession.delete(sessionId);
  }

  /** Lets go of an event's message and counts it out; false when it was already dropped. */
  private release(event: StoredEvent): boolean {
    if (event.json === undefined) return false;
    this.events--;
    this.bytes -= event.json.length;
    event.json = undefined;
    return true;
  }

  /** Keeps the eviction queue proportional to the live events (amortized: each entry is copied a bounded number of times). */
  private compactQueue(): void {
    const length = this.queue.length - this.queueHead;
    if (this.droppedInQueue >= COMPACT_AFTER && this.droppedInQueue * 2 >= length) {
      this.queue = this.queue.slice(this.queueHead).filter((event) => event!.json !== undefined);
      this.queueHead = 0;
      this.droppedInQueue = 0;
    } else if (this.queueHead >= COMPACT_AFTER && this.queueHead * 2 >= this.queue.length) {
      this.queue = this.queue.slice(this.queueHead);
      this.queueHead = 0;
    } else if (length === 0) {
      this.queue = [];
      this.queueHead = 0;
      this.droppedInQueue = 0;
    }
  }

  private forgetIdle(now: number): void {
    this.lastSweep = now;
    for (const [streamId, stream] of this.streams) if (now - stream.touchedAt > this.ttlMs) this.forgetStream(streamId);
  }
}

function streamOf(eventId: EventId): { streamId: StreamId; sequence: number } | undefined {
  const separator = eventId.lastIndexOf('_');
  if (separator <= 0) return undefined;
  const sequence = parseInt(eventId.slice(separator + 1), 36);
  return Number.isSafeInteger(sequence) ? { streamId: eventId.slice(0, separator), sequence } : undefined;
}
