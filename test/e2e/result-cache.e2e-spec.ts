import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { NoteEditor, notes, resultCacheModule, runs, MAX_ENTRY_BYTES } from '../fixtures/result-cache.fixture.js';
import { CallToolResultSchema } from '@modelcontextprotocol/sdk/types.js';
import { McpTestClient } from 'nestjs-mcp/testing';
import { ISSUER, tokenOf } from '../fixtures/principals.fixture.js';
import { startApp, type RunningApp } from '../helpers/app.js';
import { ALL_CLIENTS, connect, textOf, withClients, type ClientKind } from '../helpers/clients.js';
const asUser = (user: string) => ({ headers: { authorization: `Bearer ${tokenOf(user)}` } });

describe('Response caching (@CacheResult), in memory', () => {
  let server: RunningApp;

  beforeAll(async () => {
    server = await startApp(resultCacheModule());
  });

  afterAll(async () => {
    await server.close();
  });

  describe.each(ALL_CLIENTS)('with the %s client', (kind: ClientKind) => {
    it('runs the handler once for the same call, whatever the order of the arguments; other arguments miss', async () => {
      const city = `paris-${kind}`;
      await withClients([connect(kind, server.url)], async (client) => {
        const first = textOf(await client.callTool('lookup', { city, units: 'metric' }));
        const second = textOf(await client.callTool('lookup', { units: 'metric', city }));
        expect(first).toBe(`${city}/metric for anonymous: run 1`);
        expect(second).toBe(first);
        expect(runs.get(`lookup:${city}`)).toBe(1);
        expect(textOf(await client.callTool('lookup', { city, units: 'imperial' }))).toBe(`${city}/imperial for anonymous: run 2`);
        expect(textOf(await client.callTool('lookup', { city }))).toBe(`${city}/- for anonymous: run 3`);
      });
    });

    it('keeps each principal to its own entries unless the component is shared', async () => {
      const city = `oslo-${kind}`;
      await withClients([connect(kind, server.url, asUser('alice')), connect(kind, server.url, asUser('bob')), connect(kind, server.url)], async (alice, bob, anonymous) => {
        expect(textOf(await alice.callTool('lookup', { city }))).toBe(`${city}/- for alice: run 1`);
        expect(textOf(await bob.callTool('lookup', { city }))).toBe(`${city}/- for bob: run 2`);
        expect(textOf(await anonymous.callTool('lookup', { city }))).toBe(`${city}/- for anonymous: run 3`);
        expect(textOf(await alice.callTool('lookup', { city }))).toBe(`${city}/- for alice: run 1`);
        expect(textOf(await bob.callTool('lookup', { city }))).toBe(`${city}/- for bob: run 2`);
        expect(runs.get(`lookup:${city}`)).toBe(3);

        expect(textOf(await alice.callTool('forecast', { city }))).toBe(`forecast for ${city}: run 1`);
        expect(textOf(await bob.callTool('forecast', { city }))).toBe(`forecast for ${city}: run 1`);
        expect(textOf(await anonymous.callTool('forecast', { city }))).toBe(`forecast for ${city}: run 1`);
        expect(runs.get(`forecast:${city}`)).toBe(1);
      });
    });

    it('never caches isError results, protocol errors or results over the size limit', async () => {
      await withClients([connect(kind, server.url)], async (client) => {
        const label = `flaky-${kind}`;
        const failed = [await client.callTool('flaky', { label, fail: true }), await client.callTool('flaky', { label, fail: true })];
        expect(failed.map((result) => [result.isError, textOf(result)])).toEqual([
          [true, 'failed on run 1'],
          [true, 'failed on run 2'],
        ]);
        expect(textOf(await client.callTool('flaky', { label, fail: false }))).toBe(`flaky ${label}: run 3`);
        expect(textOf(await client.callTool('flaky', { label, fail: false }))).toBe(`flaky ${label}: run 3`);

        const nobody = `nobody-${kind}`;
        await expect(client.getPrompt('greet', { name: nobody })).rejects.toThrow(/no one to greet/);
        await expect(client.getPrompt('greet', { name: nobody })).rejects.toThrow(/no one to greet/);
        expect(runs.get(`greet:${nobody}`)).toBe(2);

        const big = `big-${kind}`;
        await client.callTool('sized', { label: big, size: MAX_ENTRY_BYTES + 1 });
        await client.callTool('sized', { label: big, size: MAX_ENTRY_BYTES + 1 });
        expect(runs.get(`sized:${big}`)).toBe(2);
        const small = `small-${kind}`;
        await client.callTool('sized', { label: small, size: 10 });
        await client.callTool('sized', { label: small, size: 10 });
        expect(runs.get(`sized:${small}`)).toBe(1);
      });
    });

    it('forgets a result once its TTL has passed', async () => {
      const label = `ttl-${kind}`;
      await withClients([connect(kind, server.url)], async (client) => {
        expect(textOf(await client.callTool('clock', { label }))).toBe(`clock ${label}: run 1`);
        expect(textOf(await client.callTool('clock', { label }))).toBe(`clock ${label}: run 1`);
        await sleep(450);
        expect(textOf(await client.callTool('clock', { label }))).toBe(`clock ${label}: run 2`);
      });
    });

    it('serves a resource from the cache until notifyResourceUpdated(uri), other URIs staying cached', async () => {
      const [a, b] = [`a-${kind}`, `b-${kind}`];
      notes.set(a, 'first draft');
      notes.set(b, 'other note');
      await withClients([connect(kind, server.url)], async (client) => {
        const read = async (id: string) => (await client.readResource(`notes://${id}`)).contents[0].text as string;
        expect(await read(a)).toBe('first draft (read 1)');
        expect(await read(a)).toBe('first draft (read 1)');
        expect(await read(b)).toBe('other note (read 1)');
        expect(await client.callTool('edit', { id: a, text: 'second draft' })).toMatchObject({ content: [{ text: 'edited' }] });
        expect(await read(a)).toBe('second draft (read 2)');
        expect(await read(a)).toBe('second draft (read 2)');
        expect(await read(b)).toBe('other note (read 1)');
      });
    });

    it('hands every caller its own copy: a result changed on its way out does not change the cached one', async () => {
      const label = `copy-${kind}`;
      await withClients([connect(kind, server.url)], async (client) => {
        expect(textOf(await client.callTool('stamped', { label }))).toBe(`stamped ${label}: run 1 [stamped]`);
        expect(textOf(await client.callTool('stamped', { label }))).toBe(`stamped ${label}: run 1 [stamped]`);
        expect(textOf(await client.callTool('stamped', { label }))).toBe(`stamped ${label}: run 1 [stamped]`);
      });
    });

    it('caches prompts and class-level @CacheResult components; never a tool for its read-only hint alone, nor one that can run as a task', async () => {
      const label = `misc-${kind}`;
      await withClients([connect(kind, server.url)], async (client) => {
        const greetings = [await client.getPrompt('greet', { name: label }), await client.getPrompt('greet', { name: label })];
        expect(greetings.map((result) => result.messages[0].content.text)).toEqual([`Hello ${label} (run 1)`, `Hello ${label} (run 1)`]);
        expect(textOf(await client.callTool('classy', { label }))).toBe(`classy ${label}: run 1`);
        expect(textOf(await client.callTool('classy', { label }))).toBe(`classy ${label}: run 1`);
        expect(textOf(await client.callTool('readOnly', { label }))).toBe(`read-only ${label}: run 1`);
        expect(textOf(await client.callTool('readOnly', { label }))).toBe(`read-only ${label}: run 2`);
        expect(textOf(await client.callTool('taskable', { label }))).toBe(`taskable ${label}: run 1`);
        expect(textOf(await client.callTool('taskable', { label }))).toBe(`taskable ${label}: run 2`);
      });
    });
  });

  it('keeps the eras apart (a result is cached in the shape of the era that produced it)', async () => {
    const city = 'era-split';
    await withClients([connect('v2-legacy', server.url), connect('v2-modern', server.url)], async (legacy, modern) => {
      expect(textOf(await legacy.callTool('lookup', { city }))).toBe(`${city}/- for anonymous: run 1`);
      expect(textOf(await modern.callTool('lookup', { city }))).toBe(`${city}/- for anonymous: run 2`);
      expect(textOf(await legacy.callTool('lookup', { city }))).toBe(`${city}/- for anonymous: run 1`);
    });
  });

  it('answers a task-augmented call of a cached tool from the handler, never from the cache (2025-11-25)', async () => {
    const city = 'task-augmented';
    await withClients([connect('v1', server.url)], async (client) => {
      expect(textOf(await client.callTool('lookup', { city }))).toBe(`${city}/- for anonymous: run 1`);
      const asTask = client.raw.request({ method: 'tools/call', params: { name: 'lookup', arguments: { city }, task: { ttl: 60_000 } } }, CallToolResultSchema);
      await expect(asTask).rejects.toThrow(/does not support task execution/);
    });
  });

  it('caches in memory (McpTestClient) per principal, as over HTTP', async () => {
    const city = 'in-memory';
    const alice = await McpTestClient.create(server.app, { auth: { subject: 'alice', issuer: ISSUER } });
    const bob = await McpTestClient.create(server.app, { auth: { subject: 'bob', issuer: ISSUER } });
    try {
      const call = async (client: McpTestClient) => textOf((await client.callTool('lookup', { city })) as never);
      expect(await call(alice)).toBe(`${city}/- for alice: run 1`);
      expect(await call(alice)).toBe(`${city}/- for alice: run 1`);
      expect(await call(bob)).toBe(`${city}/- for bob: run 2`);
    } finally {
      await Promise.all([alice.close(), bob.close()]);
    }
  });

  it('invalidates a resource updated through McpRegistry.notifyResourceUpdated', async () => {
    const id = 'registry-edit';
    notes.set(id, 'v1');
    await withClients([connect('v2-modern', server.url)], async (client) => {
      const read = async () => (await client.readResource(`notes://${id}`)).contents[0].text as string;
      expect(await read()).toBe('v1 (read 1)');
      expect(await read()).toBe('v1 (read 1)');
      server.app.get(NoteEditor).edit(id, 'v2');
      expect(await read()).toBe('v2 (read 2)');
    });
  });
});
