import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Client as ClientV1 } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport as HttpTransportV1 } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ElicitRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { Redis } from 'ioredis';
import { textOf } from '../helpers/clients.js';
import { openSession, post, sessionHeaders } from '../helpers/raw-http.js';
import { roundRobinFetch, startInstance, stopInstance, untilHealth, type Instance } from '../helpers/cluster.js';
import { startRedis, type RedisServer } from '../helpers/redis-server.js';

/**
 * Kills the connections that carry messages between the instances, as a proxy or Redis itself might: the inbox readers
 * (named `mcp-inbox`), and any pub/sub connection.
 */
async function killRelayConnections(admin: Redis): Promise<number> {
  const readers = String(await admin.client('LIST')).split('\n').filter((line) => / name=mcp-inbox /.test(line));
  for (const line of readers) await admin.call('CLIENT', 'KILL', 'ID', /\bid=(\d+)/.exec(line)![1]);
  return readers.length + Number(await admin.call('CLIENT', 'KILL', 'TYPE', 'pubsub'));
}

/** `entries-added` of an XINFO STREAM reply (a flat list of names and values): every entry the stream ever took. */
function entriesAdded(reply: unknown): number {
  const fields = reply as unknown[];
  return Number(fields[fields.indexOf('entries-added') + 1]);
}

/** A call that may be refused with 503 while Redis recovers (then sent again), but must never be lost (time out). */
async function confirmDespiteRecovery(client: ClientV1): Promise<void> {
  for (;;) {
    try {
      expect(textOf(await client.callTool({ name: 'confirm', arguments: {} }, undefined, { timeout: 10_000 }))).toBe('confirm=true action=accept');
      return;
    } catch (error) {
      if (!/HTTP 503|Service unavailable/.test((error as Error).message)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

/**
 * Faults of the shared Redis while two instances serve one client whose requests alternate between them, so that the
 * answer to an elicitation always reaches the instance that is not waiting for it.
 */
describe('Redis faults under two instances', () => {
  let redis: RedisServer;
  let admin: Redis;
  let instances: Instance[];
  let dir: string;
  /** What the client's elicitation handler does before it answers (a fault, injected at the worst moment). */
  let beforeAnswer: () => Promise<void> = async () => undefined;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mcp-redis-faults-'));
    redis = await startRedis(undefined, { persistDir: dir });
    admin = new Redis(redis.url, { lazyConnect: true, maxRetriesPerRequest: null, retryStrategy: () => 100 });
    admin.on('error', () => undefined);
    instances = await Promise.all(['a', 'b'].map((name) => startInstance(name, redis.url)));
  }, 60_000);

  afterAll(async () => {
    admin?.disconnect();
    await Promise.all((instances ?? []).map((instance) => stopInstance(instance)));
    await redis?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function connect(): Promise<ClientV1> {
    const client = new ClientV1({ name: 'faults', version: '1.0.0' }, { capabilities: { elicitation: {} } });
    client.setRequestHandler(ElicitRequestSchema, async () => {
      await beforeAnswer();
      return { action: 'accept', content: { confirm: true } };
    });
    await client.connect(new HttpTransportV1(new URL(`http://127.0.0.1:${instances[0].port}/mcp`), { fetch: roundRobinFetch(() => instances) }));
    return client;
  }

  it('delivers an answer sent while the waiting instance has lost its inbox connection (3 trials)', async () => {
    const client = await connect();
    let killed = 0;
    beforeAnswer = async () => {
      killed += await killRelayConnections(admin);
    };
    try {
      for (let trial = 0; trial < 3; trial++) expect(textOf(await client.callTool({ name: 'confirm', arguments: {} }))).toBe('confirm=true action=accept');
    } finally {
      beforeAnswer = async () => undefined;
    }
    expect(killed).toBeGreaterThanOrEqual(3);
    await client.close();
  }, 60_000);

  it('delivers answers crossing instances right after Redis restarts (3 restarts), then says 200 on both', async () => {
    const client = await connect();
    expect(textOf(await client.callTool({ name: 'confirm', arguments: {} }))).toBe('confirm=true action=accept');
    for (let restart = 0; restart < 3; restart++) {
      const port = redis.port;
      await redis.stop();
      await untilHealth(instances, 503, 5_000);
      redis = await startRedis(port, { persistDir: dir });
      // At once, as a client retrying does: refused while an instance is not back, never lost.
      await confirmDespiteRecovery(client);
      await untilHealth(instances, 200, 15_000);
    }
    await client.close();
  }, 90_000);

  it('answers 503 within the command timeout while Redis is frozen, then recovers without restarts', async () => {
    const client = await connect();
    expect(textOf(await client.callTool({ name: 'remember', arguments: { value: 'before' } }))).toMatch(/^previous=/);
    redis.process.kill('SIGSTOP');
    try {
      await untilHealth(instances, 503, 5_000);
      let longest = 0;
      for (let call = 0; call < 4; call++) {
        const started = Date.now();
        const outcome = await client.callTool({ name: 'remember', arguments: { value: 'frozen' } }).then(textOf, (error: Error) => `rejected: ${error.message}`);
        longest = Math.max(longest, Date.now() - started);
        expect(outcome).toMatch(/HTTP 503|Service unavailable/);
      }
      expect(longest).toBeLessThan(5_000);
    } finally {
      redis.process.kill('SIGCONT');
    }
    await untilHealth(instances, 200, 15_000);
    expect(textOf(await client.callTool({ name: 'remember', arguments: { value: 'after' } }))).toMatch(/^previous=before/);
    expect(textOf(await client.callTool({ name: 'confirm', arguments: {} }))).toBe('confirm=true action=accept');
    for (const instance of instances) expect(instance.process.exitCode).toBeNull();
    await client.close();
  }, 60_000);

  it('relays an answer only when its id names another instance; hostile ids cost no Redis writes and break nothing', async () => {
    const sessionId = await openSession(new URL(`http://127.0.0.1:${instances[0].port}/mcp`));
    const onB = new URL(`http://127.0.0.1:${instances[1].port}/mcp`);
    const added = async () => {
      let total = 0;
      for (const key of await admin.keys('mcp:inbox:*')) total += entriesAdded(await admin.call('XINFO', 'STREAM', key));
      return total;
    };
    const before = await added();
    for (const id of ['zzz', 12345, 'x'.repeat(10_000), 'DEADBEEF-1', 'deadbeef-1e9', -1]) {
      const response = await post(onB, { jsonrpc: '2.0', id, result: {} }, sessionHeaders(sessionId));
      expect(response.status).toBe(202);
    }
    expect(await added()).toBe(before);
    expect((await post(onB, { jsonrpc: '2.0', id: 'deadbeef-1', result: {} }, sessionHeaders(sessionId))).status).toBe(202);
    expect(await added()).toBe(before + instances.length);
    for (const instance of instances) expect(instance.process.exitCode).toBeNull();
  }, 30_000);

  it('holds an answer POSTed while Redis is down for 5 s, then refuses it with 503 and Retry-After (the client may send it again)', async () => {
    const sessionId = await openSession(new URL(`http://127.0.0.1:${instances[0].port}/mcp`));
    const port = redis.port;
    await redis.stop();
    try {
      const started = Date.now();
      const response = await post(new URL(`http://127.0.0.1:${instances[1].port}/mcp`), { jsonrpc: '2.0', id: 'deadbeef-1', result: {} }, sessionHeaders(sessionId));
      const held = Date.now() - started;
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(held).toBeGreaterThanOrEqual(4_500);
      expect(held).toBeLessThan(8_000);
    } finally {
      redis = await startRedis(port, { persistDir: dir });
    }
    await untilHealth(instances, 200, 15_000);
    for (const instance of instances) expect(instance.process.exitCode).toBeNull();
  }, 30_000);

  it('answers clean errors when Redis is out of memory (noeviction), and recovers when it has room again', async () => {
    const client = await connect();
    await admin.config('SET', 'maxmemory-policy', 'noeviction');
    await admin.config('SET', 'maxmemory', '1');
    try {
      const refused = await client.callTool({ name: 'remember', arguments: { value: 'x'.repeat(1_000) } }).then(textOf, (error: Error) => `rejected: ${error.message}`);
      expect(refused).toMatch(/HTTP 503|Service unavailable/);
      const opening = await fetch(`http://127.0.0.1:${instances[1].port}/mcp`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'x', version: '1' } } }),
      });
      expect(opening.status).toBe(503);
      expect(opening.headers.get('retry-after')).toMatch(/^\d+$/);
    } finally {
      await admin.config('SET', 'maxmemory', '0');
    }
    expect(textOf(await client.callTool({ name: 'remember', arguments: { value: 'room' } }))).toMatch(/^previous=/);
    for (const instance of instances) expect(instance.process.exitCode).toBeNull();
    await client.close();
  }, 60_000);
});
