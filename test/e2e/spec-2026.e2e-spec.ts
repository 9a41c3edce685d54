import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SpecFeaturesModule } from '../fixtures/spec-features.fixture.js';
import { startApp, type RunningApp } from '../helpers/app.js';
import { connect } from '../helpers/clients.js';
import { message, modernRequest, openSession, post, sessionHeaders, TASKS_EXTENSION } from '../helpers/raw-http.js';
import { waitFor } from '../helpers/wait.js';

describe('pagination, cache hints, tasks, URL elicitation, sampling with tools', () => {
  let server: RunningApp;

  beforeAll(async () => {
    server = await startApp(SpecFeaturesModule);
  });
  afterAll(() => server.close());

  it('pages lists in a stable order with opaque cursors, and refuses a bad cursor', async () => {
    const client = await connect('v1', server.url);
    try {
      const names: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await client.raw.listTools(cursor ? { cursor } : undefined);
        expect(page.tools.length).toBeLessThanOrEqual(3);
        names.push(...page.tools.map((tool: { name: string }) => tool.name));
        cursor = page.nextCursor;
        pages++;
      } while (cursor);
      expect(pages).toBeGreaterThan(1);
      expect(new Set(names).size).toBe(names.length);
      expect(names).toEqual(expect.arrayContaining(['bump', 'pollMe', 'slowSquare', 'onlyTask', 'signIn']));
      await expect(client.raw.listTools({ cursor: 'not-a-cursor' })).rejects.toThrow(/Invalid cursor/);
    } finally {
      await client.close();
    }
  });

  it('puts cache hints on 2026-07-28 list and read results, per method and per resource', async () => {
    const list = await modernRequest(server.url, 'tools/list');
    expect(list.message.result).toMatchObject({ ttlMs: 60_000, cacheScope: 'public' });
    const prompts = await modernRequest(server.url, 'prompts/list');
    expect(prompts.message.result).toMatchObject({ ttlMs: 0, cacheScope: 'private' });
    const read = await modernRequest(server.url, 'resources/read', { uri: 'feed://latest' });
    expect(read.message.result).toMatchObject({ ttlMs: 5_000, cacheScope: 'public', contents: [{ uri: 'feed://latest' }] });
  });

  it('runs a 2025-era task: create, poll, block on the result, list', async () => {
    const headers = sessionHeaders(await openSession(server.url));
    const created = await message(await post(server.url, { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'slowSquare', arguments: { n: 7 }, task: { ttl: 60_000 } } }, headers));
    const task = created.result.task;
    expect(task).toMatchObject({ taskId: expect.any(String), status: 'working', ttl: 60_000, pollInterval: 500 });
    const polled = await message(await post(server.url, { jsonrpc: '2.0', id: 2, method: 'tasks/get', params: { taskId: task.taskId } }, headers));
    expect(polled.result).toMatchObject({ taskId: task.taskId, status: expect.stringMatching(/working|completed/) });
    const result = await message(await post(server.url, { jsonrpc: '2.0', id: 3, method: 'tasks/result', params: { taskId: task.taskId } }, headers));
    expect(result.result.content).toEqual([{ type: 'text', text: '49' }]);
    expect(result.result._meta['io.modelcontextprotocol/related-task']).toEqual({ taskId: task.taskId });
    const listed = await message(await post(server.url, { jsonrpc: '2.0', id: 4, method: 'tasks/list', params: {} }, headers));
    expect(listed.result.tasks).toEqual([expect.objectContaining({ taskId: task.taskId, status: 'completed' })]);
    const otherSession = sessionHeaders(await openSession(server.url));
    const foreign = await message(await post(server.url, { jsonrpc: '2.0', id: 5, method: 'tasks/get', params: { taskId: task.taskId } }, otherSession));
    expect(foreign.error.code).toBe(-32602);
  });

  it('cancels a running 2025-era task and refuses task misuse with -32601', async () => {
    const headers = sessionHeaders(await openSession(server.url));
    const created = await message(await post(server.url, { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'onlyTask', arguments: {}, task: {} } }, headers));
    const { taskId } = created.result.task;
    const cancelled = await message(await post(server.url, { jsonrpc: '2.0', id: 2, method: 'tasks/cancel', params: { taskId } }, headers));
    expect(cancelled.result.status).toBe('cancelled');
    const again = await message(await post(server.url, { jsonrpc: '2.0', id: 3, method: 'tasks/cancel', params: { taskId } }, headers));
    expect(again.error.code).toBe(-32602);
    const notATask = await message(await post(server.url, { jsonrpc: '2.0', id: 4, method: 'tools/call', params: { name: 'bump', arguments: {}, task: {} } }, headers));
    expect(notATask.error.code).toBe(-32601);
    const needsTask = await message(await post(server.url, { jsonrpc: '2.0', id: 5, method: 'tools/call', params: { name: 'onlyTask', arguments: {} } }, headers));
    expect(needsTask.error.code).toBe(-32601);
  });

  it('runs a 2026-07-28 task for clients that declare the extension, and runs it inline for others', async () => {
    const caps = { extensions: { [TASKS_EXTENSION]: {} } };
    const created = await modernRequest(server.url, 'tools/call', { name: 'slowSquare', arguments: { n: 3 } }, caps);
    expect(created.message.result).toMatchObject({ resultType: 'task', status: 'working', ttlMs: expect.any(Number) });
    const { taskId } = created.message.result;
    let detailed: any;
    for (let attempt = 0; attempt < 30 && detailed?.status !== 'completed'; attempt++) {
      detailed = (await modernRequest(server.url, 'tasks/get', { taskId }, caps)).message.result;
      if (detailed.status !== 'completed') await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(detailed).toMatchObject({ resultType: 'complete', taskId, status: 'completed', result: { content: [{ type: 'text', text: '9' }] } });
    const inline = await modernRequest(server.url, 'tools/call', { name: 'slowSquare', arguments: { n: 4 } });
    expect(inline.message.result).toMatchObject({ resultType: 'complete', content: [{ type: 'text', text: '16' }] });
    const refused = await modernRequest(server.url, 'tools/call', { name: 'onlyTask', arguments: {} });
    expect(refused.message.error).toMatchObject({ code: -32021, data: { requiredCapabilities: { extensions: { [TASKS_EXTENSION]: {} } } } });
    const undeclared = await modernRequest(server.url, 'tasks/get', { taskId });
    expect(undeclared.message.error.code).toBe(-32021);
  });

  it('round-trips URL elicitation with its completion notification (2025), and the URL-elicitation-required error', async () => {
    const { Client } = await import('@modelcontextprotocol/client');
    const { StreamableHTTPClientTransport } = await import('@modelcontextprotocol/client');
    const client = new Client({ name: 'url', version: '1.0.0' }, { capabilities: { elicitation: { form: {}, url: {} } } });
    const requests: any[] = [];
    const completions: string[] = [];
    client.setRequestHandler('elicitation/create', (request) => {
      requests.push(request.params);
      return { action: 'accept' };
    });
    client.setNotificationHandler('notifications/elicitation/complete', (notification) => {
      completions.push(notification.params.elicitationId);
    });
    await client.connect(new StreamableHTTPClientTransport(server.url));
    try {
      const result = await client.callTool({ name: 'signIn', arguments: {} });
      expect(result.content).toEqual([{ type: 'text', text: 'sign-in accept' }]);
      expect(requests[0]).toMatchObject({ mode: 'url', message: 'Please sign in', url: 'https://auth.example.com/sign-in', elicitationId: expect.any(String) });
      await waitFor(() => completions.length === 1);
      expect(completions).toEqual([requests[0].elicitationId]);
      await expect(client.callTool({ name: 'needsAuthorization', arguments: {} })).rejects.toMatchObject({ code: -32042 });
    } finally {
      await client.close();
    }
  });

  it('refuses sampling with tools when the client did not declare sampling.tools', async () => {
    const client = await connect('v1', server.url, { sampling: () => ({ role: 'assistant', content: { type: 'text', text: 'sunny' }, model: 'm' }) });
    try {
      const result = await client.callTool('sampleWithTools', {});
      expect(result.isError).toBe(true);
      expect(result.content[0].text).toMatch(/does not support tool use in sampling/);
    } finally {
      await client.close();
    }
  });

  it('streams list_changed and resource updates to 2026-07-28 subscriptions/listen, as filtered', async () => {
    const controller = new AbortController();
    const response = await fetch(server.url, {
      method: 'POST',
      signal: controller.signal,
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        'mcp-protocol-version': '2026-07-28',
        'mcp-method': 'subscriptions/listen',
      },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 9,
        method: 'subscriptions/listen',
        params: {
          notifications: { toolsListChanged: true, resourceSubscriptions: ['feed://latest'] },
          _meta: {
            'io.modelcontextprotocol/protocolVersion': '2026-07-28',
            'io.modelcontextprotocol/clientCapabilities': {},
          },
        },
      }),
    });
    const { readEvents } = await import('../helpers/sse.js');
    const eventsPromise = readEvents(response, (events) => events.filter((event) => event.data.includes('notifications/')).length >= 3, 3_000);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await modernRequest(server.url, 'tools/call', { name: 'bump', arguments: {} });
    const client = await connect('v1', server.url);
    await client.callTool('bump', {});
    await client.close();
    const methods = (await eventsPromise).map((event) => JSON.parse(event.data)).map((data) => [data.method, data.params?.uri]);
    controller.abort();
    expect(methods[0]).toEqual(['notifications/subscriptions/acknowledged', undefined]);
    expect(methods.slice(1)).toEqual([
      ['notifications/resources/updated', 'feed://latest'],
      ['notifications/resources/updated', 'feed://latest'],
    ]);
  });
});
