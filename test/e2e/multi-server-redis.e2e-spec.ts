import { randomUUID } from 'node:crypto';
import { Module } from '@nestjs/common';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { McpModule } from 'nestjs-mcp';
import { redisStore } from 'nestjs-mcp/redis';
import { startApp, type RunningApp } from '../helpers/app.js';
import { openSession, post, sessionHeaders } from '../helpers/raw-http.js';
import { startRedis, type RedisServer } from '../helpers/redis-server.js';
import { AdminNotesModule, PublicNotesModule } from '../stdio/two-servers.module.js';

// Two servers of one app share one redisStore (a real redis-server), in two instances of the app: each server has its
// own keys, so a session is served by its server on any instance and by no other server.
function twoServersOn(redisUrl: string, keyPrefix: string) {
  const store = redisStore({ url: redisUrl, keyPrefix });
  @Module({
    imports: [
      PublicNotesModule,
      AdminNotesModule,
      McpModule.forRoot({ name: 'public', version: '1.0.0', store, include: { modules: [PublicNotesModule] } }),
      McpModule.forRoot({ name: 'admin', version: '1.0.0', server: 'admin', path: 'admin/mcp', store, include: { modules: [AdminNotesModule] } }),
    ],
  })
  class SharedStoreApp {}
  return SharedStoreApp;
}

async function onRedis<T>(use: (client: Redis) => Promise<T>, url = redisUrl): Promise<T> {
  const client = new Redis(url);
  try {
    return await use(client);
  } finally {
    await client.quit();
  }
}

let redisUrl = '';
const listTools = { jsonrpc: '2.0', id: 2, method: 'tools/list' };

describe('two servers sharing one redisStore, in two instances', () => {
  let redis: RedisServer;
  let instances: RunningApp[];

  beforeAll(async () => {
    redis = await startRedis();
    redisUrl = redis.url;
    const keyPrefix = `multi-${randomUUID()}:`;
    instances = [await startApp(twoServersOn(redis.url, keyPrefix)), await startApp(twoServersOn(redis.url, keyPrefix))];
  }, 30_000);
  afterAll(async () => {
    await Promise.all(instances.map((instance) => instance.close()));
    await redis.stop();
  });

  it("serves a session on any instance of its server, and on no other server's endpoint", async () => {
    const [first, second] = instances;
    for (const path of ['/mcp', '/admin/mcp']) {
      const sessionId = await openSession(new URL(path, first.origin));
      const otherInstance = await post(new URL(path, second.origin), listTools, sessionHeaders(sessionId));
      expect({ path, status: otherInstance.status }).toEqual({ path, status: 200 });
      await otherInstance.text();
      const otherServer = new URL(path === '/mcp' ? '/admin/mcp' : '/mcp', second.origin);
      const refused = await post(otherServer, listTools, sessionHeaders(sessionId));
      expect({ path, status: refused.status }).toEqual({ path, status: 404 });
      await refused.text();
    }
  });

  it('keeps the keys of each server apart in Redis (the server that names none keeps the plain prefix)', async () => {
    const keys = await onRedis((client) => client.keys('multi-*'));
    expect(keys.some((key: string) => /^multi-[^:]+:admin:/.test(key))).toBe(true);
    expect(keys.some((key: string) => /^multi-[^:]+:(?!admin:)/.test(key))).toBe(true);
  });

  it('closes both servers of an instance and lets go of its Redis connections only then', async () => {
    const clients = () => onRedis(async (client) => String(await client.call('CLIENT', 'LIST')).trim().split('\n').length);
    const before = await clients();
    const extra = await startApp(twoServersOn(redis.url, `close-${randomUUID()}:`));
    expect(await clients()).toBe(before + 2);
    const started = Date.now();
    await extra.close();
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(await clients()).toBe(before);
  });
});
