import type { JSONRPCMessage } from '@modelcontextprotocol/server';
import { describe, expect, it } from '@jest/globals';
import { forgetSessionEvents, scopeEventStore } from '../session/session-scoped-event-store.js';
import { MemoryEventStore } from './memory-event-store.js';

const message = (id: number, padding = ''): JSONRPCMessage => ({ jsonrpc: '2.0', id, result: padding ? { padding } : {} });
const sizeOf = (value: JSONRPCMessage) => JSON.stringify(value).length;

async function replayed(store: MemoryEventStore, lastEventId: string): Promise<string[]> {
  const seen: string[] = [];
  await store.replayEventsAfter(lastEventId, { send: async (eventId) => void seen.push(eventId) });
  return seen;
}

describe('MemoryEventStore bounds', () => {
  it('caps the events of all streams together, evicting the oldest first whatever its stream', async () => {
    const store = new MemoryEventStore({ maxEvents: 3 });
    const a1 = await store.storeEvent('a', message(1));
    const b1 = await store.storeEvent('b', message(2));
    const a2 = await store.storeEvent('a', message(3));
    const c1 = await store.storeEvent('c', message(4));
    expect(store.stats()).toMatchObject({ events: 3, streams: 3 });
    // a1 is gone, but stream a is still known: a replay after it gives what remains of the stream.
    expect(await store.getStreamIdForEventId(a1)).toBe('a');
    expect(await replayed(store, a1)).toEqual([a2]);
    await store.storeEvent('c', message(5));
    // b lost its only event: the stream is forgotten.
    expect(await store.getStreamIdForEventId(b1)).toBeUndefined();
    expect(store.stats()).toMatchObject({ events: 3, streams: 2 });
    expect(await replayed(store, c1)).toEqual([expect.stringMatching(/^c_/)]);
  });

  it('caps the bytes of all streams together, evicting the oldest first', async () => {
    const big = message(1, 'x'.repeat(1_000));
    const store = new MemoryEventStore({ maxBytes: sizeOf(big) * 2 + 10 });
    const first = await store.storeEvent('a', big);
    await store.storeEvent('b', message(2, 'x'.repeat(1_000)));
    expect(store.stats().events).toBe(2);
    await store.storeEvent('c', message(3, 'x'.repeat(1_000)));
    expect(store.stats().events).toBe(2);
    expect(store.stats().bytes).toBeLessThanOrEqual(sizeOf(big) * 2 + 10);
    expect(await store.getStreamIdForEventId(first)).toBeUndefined();
  });

  it('never holds an event larger than the byte cap', async () => {
    const store = new MemoryEventStore({ maxBytes: 100 });
    await store.storeEvent('a', message(1, 'x'.repeat(500)));
    expect(store.stats()).toEqual({ events: 0, bytes: 0, streams: 0, sessions: 0 });
  });

  it('stays bounded over many streams (one per POST) and keeps the newest', async () => {
    const store = new MemoryEventStore({ maxEvents: 1_000 });
    let last = '';
    for (let index = 0; index < 50_000; index++) {
      await store.storeEvent(`session.stream-${index}`, {} as JSONRPCMessage);
      last = await store.storeEvent(`session.stream-${index}`, message(index));
    }
    expect(store.stats()).toMatchObject({ events: 1_000, streams: 500, sessions: 1 });
    expect(await store.getStreamIdForEventId(last)).toBe('session.stream-49999');
  });

  it('keeps its bookkeeping proportional to what it holds when streams come and go', async () => {
    const store = new MemoryEventStore({ maxEventsPerStream: 2 });
    for (let index = 0; index < 20_000; index++) {
      const sessionId = `s${index}`;
      for (let event = 0; event < 5; event++) await store.storeEvent(`${sessionId}.stream`, message(event));
      await store.forgetSession(sessionId);
    }
    expect(store.stats()).toEqual({ events: 0, bytes: 0, streams: 0, sessions: 0 });
    expect((store as unknown as { queue: unknown[] }).queue.length).toBeLessThan(4_096);
  });

  it('forgets every stream of an ended session and only those', async () => {
    const store = new MemoryEventStore();
    const mine = scopeEventStore(store, 'session-a');
    const theirs = scopeEventStore(store, 'session-b');
    const first = await mine.storeEvent('post-1', message(1));
    await mine.storeEvent('post-2', message(2));
    await mine.storeEvent('_GET_stream', message(3));
    const kept = await theirs.storeEvent('post-1', message(4));
    expect(store.stats()).toMatchObject({ streams: 4, events: 4, sessions: 2 });
    await forgetSessionEvents(store, 'session-a');
    expect(store.stats()).toMatchObject({ streams: 1, events: 1, sessions: 1, bytes: sizeOf(message(4)) });
    expect(await mine.getStreamIdForEventId!(first)).toBeUndefined();
    expect(await theirs.getStreamIdForEventId!(kept)).toBe('post-1');
  });

  it('still forgets idle streams', async () => {
    const store = new MemoryEventStore({ streamTtlMs: 20 });
    const idle = await store.storeEvent('idle', message(1));
    await new Promise((resolve) => setTimeout(resolve, 40));
    await store.storeEvent('busy', message(2));
    expect(await store.getStreamIdForEventId(idle)).toBeUndefined();
    expect(store.stats()).toMatchObject({ streams: 1, events: 1 });
  });

  it('replays nothing, without throwing, for a well-formed id of a stream dropped since it was looked up', async () => {
    const store = new MemoryEventStore({ maxEvents: 1 });
    const gone = await store.storeEvent('a', message(1));
    await store.storeEvent('b', message(2));
    await expect(replayed(store, gone)).resolves.toEqual([]);
    await expect(store.replayEventsAfter('no-separator', { send: async () => undefined })).rejects.toThrow(/Unknown event id/);
  });
});
