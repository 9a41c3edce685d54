import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Client as ClientV1 } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport as HttpTransportV1 } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { textOf } from '../helpers/clients.js';
import { roundRobinFetch, startInstance, stopInstance, untilHealth, type Instance } from '../helpers/cluster.js';
import { startRedis, type RedisServer } from '../helpers/redis-server.js';

/** Faults of the shared store: Redis going away and coming back while two instances serve a live session. */
describe('Redis restart under two instances', () => {
  let redis: RedisServer;
  let instances: Instance[];
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mcp-redis-'));
    redis = await startRedis(undefined, { persistDir: dir });
    instances = await Promise.all(['a', 'b'].map((name) => startInstance(name, redis.url)));
  }, 60_000);

  afterAll(async () => {
    await Promise.all((instances ?? []).map((instance) => stopInstance(instance)));
    await redis?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers clean errors while Redis is down, reports it on /health, and recovers with sessions intact', async () => {
    const client = new ClientV1({ name: 'faults', version: '1.0.0' });
    await client.connect(new HttpTransportV1(new URL(`http://127.0.0.1:${instances[0].port}/mcp`), { fetch: roundRobinFetch(() => instances) }));
    expect(textOf(await client.callTool({ name: 'remember', arguments: { value: 'before' } }))).toMatch(/^previous=none/);

    const port = redis.port;
    await redis.stop();
    await untilHealth(instances, 503, 5_000);
    const failures = await Promise.all([0, 1].map(() => client.callTool({ name: 'remember', arguments: { value: 'during' } }).then(textOf, (error: Error) => `rejected: ${error.message}`)));
    for (const failure of failures) expect(failure).toMatch(/HTTP 503|Service unavailable: the session store cannot be reached/);
    for (const instance of instances) expect(instance.process.exitCode).toBeNull();

    redis = await startRedis(port, { persistDir: dir });
    await untilHealth(instances, 200, 15_000);
    const after = [textOf(await client.callTool({ name: 'remember', arguments: { value: 'after-1' } })), textOf(await client.callTool({ name: 'remember', arguments: { value: 'after-2' } }))];
    expect(after[1]).toMatch(/^previous=after-1/);
    await client.close();
  }, 60_000);
});
