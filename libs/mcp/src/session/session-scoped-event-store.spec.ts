import { describe, expect, it } from '@jest/globals';
import { MemoryEventStore } from '../stores/memory-event-store.js';
import { scopeEventStore } from './session-scoped-event-store.js';

const message = (id: number) => ({ jsonrpc: '2.0' as const, id, result: {} });

async function replay(store: ReturnType<typeof scopeEventStore>, lastEventId: string) {
  const seen: string[] = [];
  const streamId = await store.replayEventsAfter(lastEventId, { send: async (eventId) => void seen.push(eventId) });
  return { streamId, seen };
}

describe('event stores', () => {
  it('replays only the events after the given one, from its own stream', async () => {
    const store = scopeEventStore(new MemoryEventStore(), 'session-a');
    const first = await store.storeEvent('stream-1', message(1));
    const second = await store.storeEvent('stream-1', message(2));
    await store.storeEvent('stream-2', message(3));
    const third = await store.storeEvent('stream-1', message(4));
    expect(await replay(store, first)).toEqual({ streamId: 'stream-1', seen: [second, third] });
    expect(await store.getStreamIdForEventId!(second)).toBe('stream-1');
  });

  it('refuses another session’s event ids', async () => {
    const shared = new MemoryEventStore();
    const mine = scopeEventStore(shared, 'session-a');
    const theirs = scopeEventStore(shared, 'session-b');
    const eventId = await mine.storeEvent('stream-1', message(1));
    await mine.storeEvent('stream-1', message(2));
    await expect(replay(theirs, eventId)).rejects.toThrow(/Unknown event id/);
    expect(await theirs.getStreamIdForEventId!(eventId)).toBeUndefined();
  });

  it('keeps a bounded number of events per stream', async () => {
    const store = new MemoryEventStore({ maxEventsPerStream: 2 });
    const ids = [];
    for (let index = 0; index < 4; index++) ids.push(await store.storeEvent('s', message(index)));
    await expect(store.replayEventsAfter(ids[0], { send: async () => undefined })).resolves.toBe('s');
    const seen: string[] = [];
    await store.replayEventsAfter(ids[2], { send: async (eventId) => void seen.push(eventId) });
    expect(seen).toEqual([ids[3]]);
  });
});
