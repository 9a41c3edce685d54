import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import { McpHealth, MemorySessionStore, type McpRateLimitOptions, type McpStateLayer } from 'nestjs-mcp';
import { redisStore } from 'nestjs-mcp/redis';
import { rateLimitModule } from '../fixtures/rate-limit.fixture.js';
import { startApp, type RunningApp } from '../helpers/app.js';
import { ALL_CLIENTS, connect, withClients, type ClientKind } from '../helpers/clients.js';
import { startRedis, type RedisServer } from '../helpers/redis-server.js';

const RATE_LIMITED = -32029;

let lastAddress = 0;
const newAddress = () => `192.0.2.${++lastAddress}`;

const from = (address: string, headers: Record<string, string> = {}) => ({ headers: { 'x-forwarded-for': address, ...headers } });

/** What a call came to: its text, or the JSON-RPC error code and data it was refused with. */
async function outcome(call: Promise<any>): Promise<{ text?: string; code?: number; message?: string; retryAfterMs?: number }> {
  return call.then(
    (result) => ({ text: result.content[0].text as string }),
    (error: { code: number; message: string; data?: { retryAfterMs: number } }) => ({ code: error.code, message: error.message, retryAfterMs: error.data?.retryAfterMs }),
  );
}

/** Two instances of one app on one real redis-server share every bucket. */
describe('rate limits on Redis, two instances', () => {
  let redis: RedisServer;
  let a: RunningApp;
  let b: RunningApp;
  const keyPrefix = `rate-${randomUUID()}:`;

  beforeAll(async () => {
    redis = await startRedis();
    const options = { rateLimit: { capacity: 4, refillMs: 60_000, methods: ['tools/call'] } };
    a = await startApp(rateLimitModule({ ...options, store: redisStore({ url: redis.url, keyPrefix }) }), { trustProxy: true });
    b = await startApp(rateLimitModule({ ...options, store: redisStore({ url: redis.url, keyPrefix }) }), { trustProxy: true });
  });

  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await redis?.stop();
  });

  describe.each(ALL_CLIENTS)('with the %s client', (kind: ClientKind) => {
    it('counts one client against one bucket whichever instance serves it', async () => {
      const address = newAddress();
      await withClients([connect(kind, a.url, from(address)), connect(kind, b.url, from(address))], async (onA, onB) => {
        expect(await outcome(onA.callTool('echo', { text: '1' }))).toEqual({ text: '1' });
        expect(await outcome(onB.callTool('echo', { text: '2' }))).toEqual({ text: '2' });
        expect(await outcome(onA.callTool('echo', { text: '3' }))).toEqual({ text: '3' });
        expect(await outcome(onB.callTool('echo', { text: '4' }))).toEqual({ text: '4' });
        const refusedOnA = await outcome(onA.callTool('echo', { text: '5' }));
        const refusedOnB = await outcome(onB.callTool('echo', { text: '5' }));
        for (const refused of [refusedOnA, refusedOnB]) {
          expect(refused.code).toBe(RATE_LIMITED);
          expect(refused.message).toMatch(/Rate limit exceeded: retry after \d+(\.\d)? s$/);
          // 4 a minute: a token every 15 s, timed by Redis's clock.
          expect(refused.retryAfterMs).toBeGreaterThan(14_000);
          expect(refused.retryAfterMs).toBeLessThanOrEqual(15_000);
        }
      });
    });

    it('shares @RateLimit buckets and principals across instances too', async () => {
      const alice = { authorization: `Bearer token-of-alice-redis-${kind}` };
      await withClients([connect(kind, a.url, from(newAddress(), alice)), connect(kind, b.url, from(newAddress(), alice))], async (onA, onB) => {
        expect(await outcome(onA.callTool('sendMail', { to: 'x' }))).toEqual({ text: 'sent to x' });
        expect(await outcome(onB.callTool('sendMail', { to: 'y' }))).toEqual({ text: 'sent to y' });
        expect((await outcome(onA.callTool('sendMail', { to: 'z' }))).code).toBe(RATE_LIMITED);
        // The module-wide bucket of her principal had its third token taken by the refused call; one is left.
        expect(await outcome(onB.callTool('echo', { text: 'last' }))).toEqual({ text: 'last' });
        expect((await outcome(onA.callTool('echo', { text: 'over' }))).code).toBe(RATE_LIMITED);
      });
    });
  });

  it('keeps each bucket as one expiring key (gone once the bucket would be full again)', async () => {
    const inspector = new Redis(redis.url);
    try {
      const keys = await inspector.keys(`${keyPrefix}rate:*`);
      expect(keys.length).toBeGreaterThan(0);
      for (const key of keys) {
        const ttl = await inspector.pttl(key);
        expect(ttl).toBeGreaterThan(0);
        expect(ttl).toBeLessThanOrEqual(60_000);
      }
    } finally {
      inspector.disconnect();
    }
  });
});

/** Sessions in memory, buckets on Redis: stopping redis-server leaves only the limiter without its store. */
describe.each([
  { failOpen: undefined, expected: 'fails open by default' },
  { failOpen: false, expected: 'fails closed with failOpen: false' },
])('rate limits when Redis is down: $expected', ({ failOpen }) => {
  let redis: RedisServer;
  let app: RunningApp;

  beforeAll(async () => {
    redis = await startRedis();
    const shared = redisStore({ url: redis.url, keyPrefix: `down-${randomUUID()}:` });
    const store: McpStateLayer = { sessions: new MemorySessionStore(), rateLimits: shared.rateLimits, health: shared.health, ready: shared.ready, close: shared.close };
    const rateLimit: McpRateLimitOptions = { capacity: 2, refillMs: 600, methods: ['tools/call'], ...(failOpen === undefined ? {} : { failOpen }) };
    app = await startApp(rateLimitModule({ rateLimit, store }), { trustProxy: true });
  });

  afterAll(async () => {
    await app?.close();
    await redis?.stop();
  });

  it('limits, then lets calls through (or refuses them) while Redis is stopped, on both eras, and limits again once it is back', async () => {
    const address = newAddress();
    await withClients([connect('v2-legacy', app.url, from(address)), connect('v2-modern', app.url, from(address))], async (legacy, modern) => {
      expect(await outcome(legacy.callTool('echo', { text: 'a' }))).toEqual({ text: 'a' });
      expect(await outcome(modern.callTool('echo', { text: 'b' }))).toEqual({ text: 'b' });
      const limited = await outcome(legacy.callTool('echo', { text: 'c' }));
      expect(limited.code).toBe(RATE_LIMITED);
      // 2 per 600 ms on Redis's clock: a token every 300 ms.
      expect(limited.retryAfterMs).toBeLessThanOrEqual(300);

      await redis.stop();
      for (const client of [legacy, modern, legacy, modern, legacy]) {
        const during = await outcome(client.callTool('echo', { text: 'during' }));
        if (failOpen === false) {
          expect(during).toEqual({ code: RATE_LIMITED, message: expect.stringMatching(/Rate limit unavailable \(its store cannot be reached\): retry after 1 s$/), retryAfterMs: 1_000 });
        } else {
          expect(during).toEqual({ text: 'during' });
        }
      }

      redis = await startRedis(redis.port);
      const deadline = Date.now() + 10_000;
      while (!(await app.app.get(McpHealth).check()).healthy) {
        if (Date.now() > deadline) throw new Error('Redis did not come back');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      // A fresh redis-server: a full bucket, then the limit again.
      expect(await outcome(modern.callTool('echo', { text: 'back' }))).toEqual({ text: 'back' });
      expect(await outcome(legacy.callTool('echo', { text: 'back' }))).toEqual({ text: 'back' });
      expect((await outcome(modern.callTool('echo', { text: 'over' }))).code).toBe(RATE_LIMITED);
    });
  });
});
