import { describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { redisStore } from 'nestjs-mcp/redis';
import { basicModule } from '../fixtures/basic.fixture.js';
import { startApp } from '../helpers/app.js';
import { connect } from '../helpers/clients.js';
import { startRedis } from '../helpers/redis-server.js';

describe('Shutting down on Redis', () => {
  it('closes promptly while redis-server is unreachable and a 2025 session is held (no QUIT left waiting)', async () => {
    const redis = await startRedis();
    const server = await startApp(basicModule({ store: redisStore({ url: redis.url, keyPrefix: `shutdown-${randomUUID()}:` }) }));
    const client = await connect('v2-legacy', server.url);
    try {
      expect((await client.callTool('add', { a: 2, b: 3 })).content[0].text).toBe('5');
      await redis.stop();
      const started = Date.now();
      await server.close();
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      await client.close().catch(() => undefined);
      await redis.stop();
    }
  }, 30_000);
});
