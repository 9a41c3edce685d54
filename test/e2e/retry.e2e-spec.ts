import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Test } from '@nestjs/testing';
import { Retry } from 'nestjs-mcp';
import { McpTestClient } from 'nestjs-mcp/testing';
import { calls, globalRetryModule, MisdeclaredRetryModule, RetryFixtureModule } from '../fixtures/retry.fixture.js';
import { startApp, type RunningApp } from '../helpers/app.js';
import { ALL_CLIENTS, connect, textOf, type AnyClient, type ClientKind } from '../helpers/clients.js';

/** Gaps between the runs of a call, in ms. */
function gapsOf(id: string): number[] {
  const runs = calls.get(id)!.runs;
  return runs.slice(1).map((at, index) => at - runs[index]);
}

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('retry of idempotent tools on transient errors', () => {
  let server: RunningApp;

  beforeAll(async () => {
    server = await startApp(RetryFixtureModule);
  });

  afterAll(async () => {
    await server.close();
  });

  describe.each(ALL_CLIENTS)('over HTTP with the %s client', (kind: ClientKind) => {
    let client: AnyClient;

    beforeAll(async () => {
      client = await connect(kind, server.url);
    });

    afterAll(async () => {
      await client.close();
    });

    it('runs the whole pipeline again (guard, interceptor, handler) until the call succeeds', async () => {
      const id = randomUUID();
      const result = await client.callTool('flaky', { id, failures: 2 });
      expect(result.isError).toBeFalsy();
      expect(textOf(result)).toBe('ok after 3 run(s)');
      expect(calls.get(id)).toMatchObject({ guards: 3, interceptors: 3 });
      expect(calls.get(id)!.runs).toHaveLength(3);
    });

    it('answers with the last transient failure once the attempts run out', async () => {
      const id = randomUUID();
      const result = await client.callTool('flaky', { id, failures: 5 });
      expect(result).toMatchObject({ isError: true, content: [{ type: 'text', text: 'upstream busy (run 3)' }] });
      await settle(100);
      expect(calls.get(id)!.runs).toHaveLength(3);
    });

    it("takes the method's @Retry over the class's, waiting longer before each retry", async () => {
      const id = randomUUID();
      expect(textOf(await client.callTool('patient', { id, failures: 4 }))).toBe('ok after 5 run(s)');
      const gaps = gapsOf(id);
      expect(gaps).toHaveLength(4);
      // 20, 40, 80, 160 ms (timers may fire a little early or late, never much early).
      [20, 40, 80, 160].forEach((wait, index) => expect(gaps[index]).toBeGreaterThanOrEqual(wait - 5));
    });

    it("waits at least a TransientError's retryAfterMs", async () => {
      const id = randomUUID();
      expect(textOf(await client.callTool('throttled', { id }))).toBe('ok after 2 run(s)');
      expect(gapsOf(id)[0]).toBeGreaterThanOrEqual(245);
    });

    it('never retries a tool not declared idempotent, a plain error, or an isError result the handler returned', async () => {
      const [a, b, c] = [randomUUID(), randomUUID(), randomUUID()];
      expect(await client.callTool('notIdempotent', { id: a })).toMatchObject({ isError: true, content: [{ text: 'upstream busy (run 1)' }] });
      expect(await client.callTool('broken', { id: b })).toMatchObject({ isError: true });
      expect(await client.callTool('refuses', { id: c })).toMatchObject({ isError: true, content: [{ text: 'refused on purpose' }] });
      await settle(50);
      for (const id of [a, b, c]) expect(calls.get(id)!.runs).toHaveLength(1);
    });

    it('stops retrying when the call times out: the limit bounds all attempts together', async () => {
      const id = randomUUID();
      const result = await client.callTool('hopeless', { id });
      expect(result).toMatchObject({ isError: true, content: [{ type: 'text', text: 'Tool "hopeless" timed out after 150 ms' }] });
      const runs = calls.get(id)!.runs.length;
      expect(runs).toBeGreaterThanOrEqual(2);
      expect(runs).toBeLessThanOrEqual(5);
      await settle(200);
      expect(calls.get(id)!.runs).toHaveLength(runs);
      expect(calls.get(id)!.aborted).toBe(true);
    });
  });

  it.each(['v2-legacy', 'v1'] as ClientKind[])('stops retrying when the %s client cancels the call', async (kind) => {
    const client = await connect(kind, server.url);
    try {
      const id = randomUUID();
      const controller = new AbortController();
      const call = client.callTool('lingering', { id }, { signal: controller.signal });
      await settle(100);
      controller.abort();
      await expect(call).rejects.toThrow();
      await settle(900);
      expect(calls.get(id)!.runs).toHaveLength(1);
    } finally {
      await client.close();
    }
  });
});

describe('retry: the module option, in memory (McpTestClient)', () => {
  it('retries every idempotent tool by McpModule.forRoot({ retry }), and only those', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [globalRetryModule({ attempts: 2, backoffMs: 5 })] }).compile();
    await moduleRef.init();
    const client = await McpTestClient.create(moduleRef);
    try {
      const [once, twice, order] = [randomUUID(), randomUUID(), randomUUID()];
      expect(textOf(await client.callTool('fetchQuote', { id: once, failures: 1 }))).toBe('ok after 2 run(s)');
      expect(await client.callTool('fetchQuote', { id: twice, failures: 2 })).toMatchObject({ isError: true, content: [{ text: 'upstream busy (run 2)' }] });
      expect(await client.callTool('placeOrder', { id: order })).toMatchObject({ isError: true });
      expect(calls.get(twice)!.runs).toHaveLength(2);
      expect(calls.get(order)!.runs).toHaveLength(1);
    } finally {
      await client.close();
      await moduleRef.close();
    }
  });
});

describe('retry: options checked at bootstrap', () => {
  it('refuses @Retry() on a tool not declared idempotent, naming it', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [MisdeclaredRetryModule] }).compile();
    await expect(moduleRef.init()).rejects.toThrow(
      '@Retry() on tool "charge" (MisdeclaredRetryTools.charge), which is not declared idempotent: retrying it could repeat its effects',
    );
    await moduleRef.close();
  });

  it.each([
    [{ attempts: 0 }, /McpModule retry attempts must be a whole number from 1 to 10, got 0/],
    [{ attempts: 11 }, /attempts must be a whole number from 1 to 10, got 11/],
    [{ backoffMs: -1 }, /McpModule retry backoffMs must be a number of milliseconds/],
    [{ factor: Number.NaN }, /McpModule retry factor must be a number from 1 to 10, got NaN/],
  ])('refuses retry %p', async (retry, expected) => {
    await expect(Test.createTestingModule({ imports: [globalRetryModule(retry)] }).compile()).rejects.toThrow(expected);
  });

  it('refuses @Retry() options where they are written', () => {
    expect(() => Retry({ attempts: 2.5 })).toThrow('@Retry() attempts must be a whole number from 1 to 10, got 2.5');
    expect(() => Retry({ maxBackoffMs: Number.NaN })).toThrow('@Retry() maxBackoffMs must be a number of milliseconds');
  });
});
