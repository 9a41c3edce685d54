import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { Test } from '@nestjs/testing';
import { McpTimeout } from 'nestjs-mcp';
import { McpTestClient } from 'nestjs-mcp/testing';
import { aborts, NanTimeoutTools, timeoutsModule, TimeoutsFixtureModule } from '../fixtures/timeouts.fixture.js';
import { startApp, type RunningApp } from '../helpers/app.js';
import { ALL_CLIENTS, connect, textOf, type AnyClient, type ClientKind } from '../helpers/clients.js';
import { message, modernRequest, openSession, post, sessionHeaders, TASKS_EXTENSION } from '../helpers/raw-http.js';
import { waitFor } from '../helpers/wait.js';

const INTERNAL_ERROR = -32603;

/** Runs `call` and says how long it took. */
async function timed<T>(call: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await call();
  return { value, ms: performance.now() - started };
}

describe('timeouts: per method, per class and global, on every kind of component', () => {
  let server: RunningApp;

  beforeAll(async () => {
    server = await startApp(TimeoutsFixtureModule);
  });

  afterAll(async () => {
    await server.close();
  });

  beforeEach(() => {
    aborts.clear();
  });

  describe.each(ALL_CLIENTS)('over HTTP with the %s client', (kind: ClientKind) => {
    let client: AnyClient;

    beforeAll(async () => {
      client = await connect(kind, server.url);
    });

    afterAll(async () => {
      await client.close();
    });

    it('answers a tool past its timeoutMs with an isError result and aborts its ctx.signal with a TimeoutError', async () => {
      const { value: result, ms } = await timed(() => client.callTool('slow'));
      expect(result).toMatchObject({ isError: true, content: [{ type: 'text', text: 'Tool "slow" timed out after 50 ms' }] });
      expect(ms).toBeGreaterThanOrEqual(45);
      expect(ms).toBeLessThan(1_500);
      await waitFor(() => aborts.has('slow'));
      expect(aborts.get('slow')).toEqual({ name: 'TimeoutError', message: 'Tool "slow" timed out after 50 ms' });
    });

    it('takes the limit from @McpTimeout on the method, then on the class, then the module default; timeoutMs 0 lifts them', async () => {
      expect(textOf(await client.callTool('methodLimited'))).toBe('Tool "methodLimited" timed out after 60 ms');
      expect(textOf(await client.callTool('classLimited'))).toBe('Tool "classLimited" timed out after 150 ms');
      expect(textOf(await client.callTool('globalLimited'))).toBe('Tool "globalLimited" timed out after 100 ms');
      const unlimited = await client.callTool('unlimited');
      expect(unlimited.isError).toBeFalsy();
      expect(textOf(unlimited)).toBe('unlimited: finished');
      await waitFor(() => aborts.size === 3);
      expect([...aborts.keys()].sort()).toEqual(['classLimited', 'globalLimited', 'methodLimited']);
    });

    it('leaves calls that end in time as they are', async () => {
      const result = await client.callTool('fast', { n: 7 });
      expect(result.isError).toBeFalsy();
      expect(result.content).toEqual([{ type: 'text', text: 'fast 7' }]);
      expect((await client.readResource('quick://resource')).contents[0]).toMatchObject({ uri: 'quick://resource', text: 'quick' });
    });

    it('answers a resource read, a prompt get and a completion past their limit with -32603 naming the limit', async () => {
      await expect(client.readResource('slow://resource')).rejects.toMatchObject({
        code: INTERNAL_ERROR,
        message: expect.stringContaining('Resource "slow://resource" timed out after 50 ms'),
      });
      await expect(client.readResource('slow://items/7')).rejects.toMatchObject({
        code: INTERNAL_ERROR,
        message: expect.stringContaining('Resource "slow://items/7" timed out after 100 ms'),
      });
      await expect(client.getPrompt('slowPrompt', { topic: 'x' })).rejects.toMatchObject({
        code: INTERNAL_ERROR,
        message: expect.stringContaining('Prompt "slowPrompt" timed out after 50 ms'),
      });
      await expect(client.raw.complete({ ref: { type: 'ref/prompt', name: 'slowPrompt' }, argument: { name: 'topic', value: 'a' } })).rejects.toMatchObject({
        code: INTERNAL_ERROR,
        message: expect.stringContaining('Completion of "slowPrompt#topic" timed out after 100 ms'),
      });
      await waitFor(() => aborts.size === 4);
      for (const name of ['slowResource', 'slowItem', 'slowPrompt', 'slowTopics']) expect(aborts.get(name)?.name).toBe('TimeoutError');
    });
  });

  describe('task runs: not cut by the call limit, limited by their own', () => {
    async function legacyTask(sessionId: string, name: string): Promise<{ taskId: string }> {
      const created = await message(await post(server.url, { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name, arguments: {}, task: {} } }, sessionHeaders(sessionId)));
      expect(created.result.task).toMatchObject({ taskId: expect.any(String), status: 'working' });
      return { taskId: created.result.task.taskId };
    }

    async function legacyResult(sessionId: string, taskId: string): Promise<any> {
      return message(await post(server.url, { jsonrpc: '2.0', id: 2, method: 'tasks/result', params: { taskId } }, sessionHeaders(sessionId)));
    }

    it('2025-11-25: answers with the task at once, completes a run longer than the call limit, fails a run past taskMs', async () => {
      const sessionId = await openSession(server.url);
      // Answered while the run (400 ms) is still going: legacyTask sees the task working.
      const long = await legacyTask(sessionId, 'longTask');
      expect((await legacyResult(sessionId, long.taskId)).result.content).toEqual([{ type: 'text', text: 'longTask: finished' }]);

      const stuck = await legacyTask(sessionId, 'stuckTask');
      const { value: failed, ms } = await timed(() => legacyResult(sessionId, stuck.taskId));
      expect(failed.error).toMatchObject({ code: INTERNAL_ERROR, message: 'The task of tool "stuckTask" timed out after 100 ms' });
      expect(ms).toBeLessThan(1_500);
      expect(aborts.get('stuckTask')).toEqual({ name: 'TimeoutError', message: 'The task of tool "stuckTask" timed out after 100 ms' });
      const status = await message(await post(server.url, { jsonrpc: '2.0', id: 3, method: 'tasks/get', params: { taskId: stuck.taskId } }, sessionHeaders(sessionId)));
      expect(status.result).toMatchObject({ status: 'failed', statusMessage: 'The task of tool "stuckTask" timed out after 100 ms' });
    });

    it('2025-11-25: limits a task its handler started by hand (taskStart manual) by timeouts.taskMs', async () => {
      const sessionId = await openSession(server.url);
      const manual = await legacyTask(sessionId, 'manualTask');
      const failed = await legacyResult(sessionId, manual.taskId);
      expect(failed.error).toMatchObject({ code: INTERNAL_ERROR, message: 'The task of tool "manualTask" timed out after 600 ms' });
      expect(aborts.get('manualTask')?.name).toBe('TimeoutError');
    });

    it('2026-07-28: the same, through tasks/get', async () => {
      const caps = { extensions: { [TASKS_EXTENSION]: {} } };
      const poll = async (taskId: string, until: string) => {
        let task: any;
        for (let attempt = 0; attempt < 60 && task?.status !== until; attempt++) {
          task = (await modernRequest(server.url, 'tasks/get', { taskId }, caps)).message.result;
          if (task.status !== until) await new Promise((resolve) => setTimeout(resolve, 25));
        }
        return task;
      };
      const long = await modernRequest(server.url, 'tools/call', { name: 'longTask', arguments: {} }, caps);
      expect(long.message.result).toMatchObject({ resultType: 'task', status: 'working' });
      expect(await poll(long.message.result.taskId, 'completed')).toMatchObject({
        status: 'completed',
        result: { content: [{ type: 'text', text: 'longTask: finished' }] },
      });

      const stuck = await modernRequest(server.url, 'tools/call', { name: 'stuckTask', arguments: {} }, caps);
      expect(await poll(stuck.message.result.taskId, 'failed')).toMatchObject({
        status: 'failed',
        error: { code: INTERNAL_ERROR, message: 'The task of tool "stuckTask" timed out after 100 ms' },
      });

      // Without the tasks extension the call runs inline, so its call limit applies.
      const inline = await modernRequest(server.url, 'tools/call', { name: 'longTask', arguments: {} });
      expect(inline.message.result).toMatchObject({ isError: true, content: [{ type: 'text', text: 'Tool "longTask" timed out after 50 ms' }] });
    });
  });
});

describe('timeouts in memory (McpTestClient)', () => {
  it('times out in memory too, and leaves no timer behind after many calls that end in time', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [TimeoutsFixtureModule] }).compile();
    await moduleRef.init();
    const client = await McpTestClient.create(moduleRef);
    try {
      expect(await client.callTool('slow')).toMatchObject({ isError: true, content: [{ type: 'text', text: 'Tool "slow" timed out after 50 ms' }] });
      const timers = () => process.getActiveResourcesInfo().filter((resource) => resource === 'Timeout').length;
      const before = timers();
      for (let round = 0; round < 10; round++) {
        const results = await Promise.all(Array.from({ length: 20 }, (_, n) => client.callTool('fast', { n })));
        expect(results.every((result) => !result.isError)).toBe(true);
      }
      // Each call armed a 500 ms timer: left pending, there would be 200 more.
      expect(timers() - before).toBeLessThan(5);
    } finally {
      await client.close();
      await moduleRef.close();
    }
  });
});

describe('timeouts: options checked at bootstrap', () => {
  it.each([
    [{ toolMs: -1 }, /timeouts\.toolMs must be a number of milliseconds from 0 to \d+, got -1/],
    [{ resourceMs: Number.NaN }, /timeouts\.resourceMs must be a number of milliseconds .* got NaN/],
    [{ taskMs: '5s' }, /timeouts\.taskMs must be a number of milliseconds .* got "5s"/],
    [{ promptMs: 2 ** 31 }, /timeouts\.promptMs must be a number of milliseconds/],
  ])('refuses timeouts %p', async (timeouts, expected) => {
    await expect(Test.createTestingModule({ imports: [timeoutsModule(timeouts)] }).compile()).rejects.toThrow(expected);
  });

  it('refuses a component timeoutMs that is no duration, naming the component', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [timeoutsModule({}, [NanTimeoutTools])] }).compile();
    await expect(moduleRef.init()).rejects.toThrow('timeoutMs of tool "broken" (NanTimeoutTools.broken) must be a number of milliseconds');
    await moduleRef.close();
  });

  it('refuses @McpTimeout() with a negative limit where it is written', () => {
    expect(() => McpTimeout(-5)).toThrow('@McpTimeout() limit must be a number of milliseconds');
    expect(() => McpTimeout({ taskMs: Number.POSITIVE_INFINITY })).toThrow('@McpTimeout() taskMs must be a number of milliseconds');
  });
});
