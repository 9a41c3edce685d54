import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { redisStore } from 'nestjs-mcp/redis';
import { terminusModule } from '../fixtures/terminus.fixture.js';
import { startApp, type RunningApp } from '../helpers/app.js';
import { connect, type ClientKind } from '../helpers/clients.js';
import { startRedis, type RedisServer } from '../helpers/redis-server.js';

async function health(server: RunningApp, path = '/health'): Promise<{ status: number; body: any }> {
  const response = await fetch(`${server.origin}${path}`);
  return { status: response.status, body: await response.json() };
}

async function until(condition: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('McpHealthIndicator (nestjs-mcp/terminus) in a @nestjs/terminus health check', () => {
  describe('on the in-memory state layer', () => {
    let server: RunningApp;

    beforeAll(async () => {
      server = await startApp(terminusModule());
    });

    afterAll(async () => {
      await server.close();
    });

    it('is up, with the sessions and requests of this instance in its details', async () => {
      const idle = await health(server);
      expect(idle.status).toBe(200);
      expect(idle.body).toMatchObject({
        status: 'ok',
        info: { mcp: { status: 'up', store: 'up', draining: false, sessions: 0, requestsInFlight: 0, unexpectedErrors: 0 } },
      });
      const clients = await Promise.all((['v2-legacy', 'v1', 'v2-modern'] as ClientKind[]).map((kind) => connect(kind, server.url)));
      try {
        for (const client of clients) await client.callTool('buggy', {});
        const busy = await health(server);
        // The two 2025 clients each hold a session (and an open GET stream); the 2026-07-28 client holds none.
        expect(busy.body.info.mcp).toMatchObject({ status: 'up', sessions: 2, unexpectedErrors: 3 });
        expect(busy.body.info.mcp.requestsInFlight).toBeLessThanOrEqual(2);
      } finally {
        await Promise.all(clients.map((client) => client.close()));
      }
    });

    it('reports under the key it is given', async () => {
      expect((await health(server, '/health/named')).body.info).toEqual({ 'mcp-server': expect.objectContaining({ status: 'up' }) });
    });
  });

  describe('on Redis', () => {
    let redis: RedisServer;
    let server: RunningApp;

    beforeAll(async () => {
      redis = await startRedis();
      server = await startApp(terminusModule({ store: redisStore({ url: redis.url, keyPrefix: `terminus-${randomUUID()}:`, healthTimeoutMs: 300 }) }));
    });

    afterAll(async () => {
      await server.close();
      await redis.stop();
    });

    it('is up while redis-server answers, and down (HTTP 503) with the reason once it is stopped', async () => {
      const up = await health(server);
      expect(up.status).toBe(200);
      expect(up.body.info.mcp).toMatchObject({ status: 'up', store: 'up' });
      const client = await connect('v2-legacy', server.url);
      expect((await client.callTool('echo', { text: 'hi' })).content[0].text).toBe('hi');
      await client.close().catch(() => undefined);

      await redis.stop();
      const down = await health(server);
      expect(down.status).toBe(503);
      expect(down.body).toMatchObject({ status: 'error', error: { mcp: { status: 'down', store: 'down', storeDetail: expect.any(String) } } });

      redis = await startRedis(redis.port);
      await until(async () => (await health(server)).status === 200, 15_000);
    });
  });
});
