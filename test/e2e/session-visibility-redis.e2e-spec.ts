import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { redisStore } from 'nestjs-mcp/redis';
import { startApp, type RunningApp } from '../helpers/app.js';
import { connect, textOf, withClients } from '../helpers/clients.js';
import { message, post, sessionHeaders } from '../helpers/raw-http.js';
import { startRedis, type RedisServer } from '../helpers/redis-server.js';
import { countToolListChanged, toolNames } from '../helpers/tool-list.js';
import { waitFor } from '../helpers/wait.js';
import { DEFAULT_TOOLS, featuresModule } from '../fixtures/visibility.fixture.js';

// What a session turned on or off is kept with the session in Redis (a real redis-server): the instance that holds
// the session live hears the change at once, an instance that resumes it later reads it, and a change made on any
// instance reaches the others.
describe('per-session visibility kept with a shared session (redisStore, three instances)', () => {
  let redis: RedisServer;
  const instances: RunningApp[] = [];
  let keyPrefix = '';
  const start = async () => {
    const instance = await startApp(featuresModule({ store: redisStore({ url: redis.url, keyPrefix }) }));
    instances.push(instance);
    return instance;
  };

  beforeAll(async () => {
    redis = await startRedis();
    keyPrefix = `visibility-${randomUUID()}:`;
    await start();
    await start();
  }, 30_000);
  afterAll(async () => {
    await Promise.all(instances.map((instance) => instance.close()));
    await redis.stop();
  });

  async function namesOn(instance: RunningApp, sessionId: string): Promise<string[]> {
    const reply = await message(await post(instance.url, { jsonrpc: '2.0', id: 1, method: 'tools/list' }, sessionHeaders(sessionId)));
    return reply.result.tools.map((tool: { name: string }) => tool.name).sort();
  }

  async function callOn(instance: RunningApp, sessionId: string, name: string, args: Record<string, unknown> = {}) {
    const reply = await message(await post(instance.url, { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name, arguments: args } }, sessionHeaders(sessionId)));
    return reply.result ?? reply.error;
  }

  it('every instance serving the session sees what it enabled and disabled, and only that session', async () => {
    const [first, second] = instances;
    await withClients([connect('v2-legacy', first.url), connect('v1', first.url)], async (client, bystander) => {
      const changed = countToolListChanged(client);
      const sessionId = client.sessionId()!;
      // The second instance holds the session live before the change: it must hear of it.
      expect(await namesOn(second, sessionId)).toEqual(DEFAULT_TOOLS);

      expect(textOf(await client.callTool('unlockPremium'))).toBe('unlocked');
      await waitFor(() => changed.count() > 0);
      expect(await namesOn(second, sessionId)).toEqual([...DEFAULT_TOOLS, 'analyze'].sort());
      expect(textOf(await callOn(second, sessionId, 'analyze', { data: 'y' }))).toBe('premium analysis of y');

      // A third instance, started now, resumes the session from Redis with its rules.
      const third = await start();
      expect(await namesOn(third, sessionId)).toEqual([...DEFAULT_TOOLS, 'analyze'].sort());

      // A change made on another instance reaches the one the client is connected to.
      expect(textOf(await callOn(third, sessionId, 'hideReport'))).toBe('hidden');
      await waitFor(() => changed.count() > 1);
      expect(await toolNames(client)).toEqual(['analyze', 'enableRaw', 'hideBridge', 'hideReport', 'resetFeatures', 'unlockPremium']);
      await expect(client.callTool('report')).rejects.toThrow(/Unknown tool: report/);

      expect(await toolNames(bystander)).toEqual(DEFAULT_TOOLS);
      expect(await namesOn(second, bystander.sessionId()!)).toEqual(DEFAULT_TOOLS);

      expect(textOf(await callOn(second, sessionId, 'resetFeatures'))).toBe('reset');
      await waitFor(() => changed.count() > 2);
      expect(await toolNames(client)).toEqual(DEFAULT_TOOLS);
    });
  }, 30_000);
});
