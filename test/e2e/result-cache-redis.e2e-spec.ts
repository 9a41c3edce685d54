import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { McpHealth } from 'nestjs-mcp';
import { redisStore } from 'nestjs-mcp/redis';
import { NoteEditor, notes, resultCacheModule, runs } from '../fixtures/result-cache.fixture.js';
import { tokenOf } from '../fixtures/principals.fixture.js';
import { startApp, type RunningApp } from '../helpers/app.js';
import { ALL_CLIENTS, connect, textOf, withClients, type AnyClient, type ClientKind } from '../helpers/clients.js';
import { startRedis, type RedisServer } from '../helpers/redis-server.js';

async function waitUntil(condition: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
const asUser = (user: string) => ({ headers: { authorization: `Bearer ${tokenOf(user)}` } });

/** Two instances of one app on one real redis-server share their cache (the handlers count runs process-wide). */
describe('Response caching (@CacheResult) on Redis, two instances', () => {
  let redis: RedisServer;
  let a: RunningApp;
  let b: RunningApp;

  beforeAll(async () => {
    redis = await startRedis();
    const keyPrefix = `cache-${randomUUID()}:`;
    a = await startApp(resultCacheModule({ store: redisStore({ url: redis.url, keyPrefix }) }));
    b = await startApp(resultCacheModule({ store: redisStore({ url: redis.url, keyPrefix }) }));
  });

  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await redis?.stop();
  });

  describe.each(ALL_CLIENTS)('with the %s client', (kind: ClientKind) => {
    it('answers a call on one instance from the result cached by the other', async () => {
      const city = `shared-${kind}`;
      await withClients([connect(kind, a.url), connect(kind, b.url)], async (onA, onB) => {
        expect(textOf(await onA.callTool('lookup', { city, units: 'metric' }))).toBe(`${city}/metric for anonymous: run 1`);
        expect(textOf(await onB.callTool('lookup', { units: 'metric', city }))).toBe(`${city}/metric for anonymous: run 1`);
        expect(textOf(await onB.callTool('lookup', { city, units: 'imperial' }))).toBe(`${city}/imperial for anonymous: run 2`);
        expect(textOf(await onA.callTool('lookup', { city, units: 'imperial' }))).toBe(`${city}/imperial for anonymous: run 2`);
        expect(runs.get(`lookup:${city}`)).toBe(2);
      });
    });

    it('keeps principals apart across instances, and shares what is marked shared', async () => {
      const city = `principals-${kind}`;
      await withClients([connect(kind, a.url, asUser('alice')), connect(kind, b.url, asUser('bob')), connect(kind, b.url, asUser('alice'))], async (aliceOnA, bobOnB, aliceOnB) => {
        expect(textOf(await aliceOnA.callTool('lookup', { city }))).toBe(`${city}/- for alice: run 1`);
        expect(textOf(await bobOnB.callTool('lookup', { city }))).toBe(`${city}/- for bob: run 2`);
        expect(textOf(await aliceOnB.callTool('lookup', { city }))).toBe(`${city}/- for alice: run 1`);
        expect(textOf(await aliceOnA.callTool('forecast', { city }))).toBe(`forecast for ${city}: run 1`);
        expect(textOf(await bobOnB.callTool('forecast', { city }))).toBe(`forecast for ${city}: run 1`);
      });
    });

    it('invalidates the cached reads of a resource on every instance when one of them announces its update', async () => {
      const id = `cluster-note-${kind}`;
      notes.set(id, 'draft 1');
      await withClients([connect(kind, a.url), connect(kind, b.url)], async (onA, onB) => {
        const read = async (client: AnyClient) => (await client.readResource(`notes://${id}`)).contents[0].text as string;
        expect(await read(onA)).toBe('draft 1 (read 1)');
        expect(await read(onB)).toBe('draft 1 (read 1)');
        // A tool on A changes the note (ctx.notifyResourceUpdated): B reads the new content at once.
        await onA.callTool('edit', { id, text: 'draft 2' });
        expect(await read(onB)).toBe('draft 2 (read 2)');
        expect(await read(onA)).toBe('draft 2 (read 2)');
        // Through the registry of B this time: A misses too.
        b.app.get(NoteEditor).edit(id, 'draft 3');
        expect(await read(onA)).toBe('draft 3 (read 3)');
        expect(await read(onB)).toBe('draft 3 (read 3)');
      });
    });
  });

  it('never shares isError results between instances', async () => {
    await withClients([connect('v2-modern', a.url), connect('v2-legacy', b.url)], async (onA, onB) => {
      expect((await onA.callTool('flaky', { label: 'cluster', fail: true })).isError).toBe(true);
      expect((await onB.callTool('flaky', { label: 'cluster', fail: true })).isError).toBe(true);
      expect(runs.get('flaky:cluster')).toBe(2);
    });
  });
});

describe('Response caching when Redis is down', () => {
  let redis: RedisServer;
  let app: RunningApp;

  beforeAll(async () => {
    redis = await startRedis();
    app = await startApp(resultCacheModule({ store: redisStore({ url: redis.url, keyPrefix: `down-${randomUUID()}:` }) }));
  });

  afterAll(async () => {
    await app?.close();
    await redis?.stop();
  });

  it('runs cached components uncached and still answers, then caches again once Redis is back', async () => {
    // 2026-07-28 requests need no session store: only the cache depends on Redis here.
    const client = await connect('v2-modern', app.url);
    try {
      const call = async () => textOf(await client.callTool('forecast', { city: 'outage' }));
      expect(await call()).toBe('forecast for outage: run 1');
      expect(await call()).toBe('forecast for outage: run 1');
      await redis.stop();
      expect(await call()).toBe('forecast for outage: run 2');
      expect(await call()).toBe('forecast for outage: run 3');
      // A resource read and its invalidation go the same way.
      notes.set('outage', 'still served');
      expect((await client.readResource('notes://outage')).contents[0].text).toBe('still served (read 1)');
      expect((await client.readResource('notes://outage')).contents[0].text).toBe('still served (read 2)');
      expect(await client.callTool('edit', { id: 'outage', text: 'edited offline' })).toMatchObject({ content: [{ text: 'edited' }] });

      redis = await startRedis(redis.port);
      const health = app.app.get(McpHealth);
      await waitUntil(async () => (await health.check()).healthy, 10_000);
      expect(await call()).toBe('forecast for outage: run 4');
      expect(await call()).toBe('forecast for outage: run 4');
    } finally {
      await client.close();
    }
  });
});
