import { describe, expect, it } from '@jest/globals';
import { Client as ClientV2, StreamableHTTPClientTransport as HttpTransportV2 } from '@modelcontextprotocol/client';
import { Client as ClientV1 } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport as HttpTransportV1 } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import {
  CreateMessageRequestSchema,
  ElicitRequestSchema,
  LoggingMessageNotificationSchema,
  ResourceUpdatedNotificationSchema,
} from '@modelcontextprotocol/sdk/types.js';
import { roundRobinFetch, useCluster } from '../helpers/cluster.js';
import { waitFor } from '../helpers/wait.js';

const answerSampling = () => ({ role: 'assistant' as const, content: { type: 'text' as const, text: 'hi there' }, model: 'test-model' });
const answerElicitation = () => ({ action: 'accept' as const, content: { confirm: true } });

/** Three real processes of the cluster fixture app on one real redis-server; clients rotate over them per request. */
describe('several instances on one Redis', () => {
  const cluster = useCluster(['a', 'b', 'c']);
  const url = () => new URL(`http://127.0.0.1:${cluster.instances[0].port}/mcp`);

  async function v1Client() {
    const client = new ClientV1({ name: 'v1', version: '1.0.0' }, { capabilities: { sampling: {}, elicitation: {} } });
    client.setRequestHandler(CreateMessageRequestSchema, answerSampling);
    client.setRequestHandler(ElicitRequestSchema, answerElicitation);
    const rotating = roundRobinFetch(() => cluster.instances);
    let standaloneStreamOpen!: () => void;
    const streamOpen = new Promise<void>((resolve) => (standaloneStreamOpen = resolve));
    // The client opens its standalone GET stream in the background after connecting; notifications that have no
    // request to ride on (resource updates) can only reach it once that stream is open.
    const watching = (async (input: string | URL | Request, init?: RequestInit) => {
      const response = await rotating(input, init);
      if ((init?.method ?? 'GET') === 'GET' && response.ok) standaloneStreamOpen();
      return response;
    }) as typeof fetch;
    const transport = new HttpTransportV1(url(), { fetch: watching });
    await client.connect(transport);
    return { client, transport, streamOpen };
  }

  async function v2Client(era: 'legacy' | 'modern') {
    const client = new ClientV2(
      { name: `v2-${era}`, version: '1.0.0' },
      { capabilities: { sampling: {}, elicitation: { form: {} } }, ...(era === 'modern' ? { versionNegotiation: { mode: { pin: '2026-07-28' } } } : {}) },
    );
    client.setRequestHandler('sampling/createMessage', answerSampling);
    client.setRequestHandler('elicitation/create', answerElicitation);
    const transport = new HttpTransportV2(url(), { fetch: roundRobinFetch(() => cluster.instances) });
    await client.connect(transport);
    return { client, transport };
  }

  it('serves one 2025 session from every instance, with its state shared (v1 client)', async () => {
    const { client } = await v1Client();
    const served = new Set<string>();
    for (let call = 0; call < 6; call++) {
      const result = await client.callTool({ name: 'whoAmI', arguments: {} });
      served.add((result.content as { text: string }[])[0].text);
    }
    expect(served).toEqual(new Set(['instance a', 'instance b', 'instance c']));
    const first = await client.callTool({ name: 'remember', arguments: { value: 'one' } });
    const second = await client.callTool({ name: 'remember', arguments: { value: 'two' } });
    expect((first.content as { text: string }[])[0].text).toMatch(/^previous=none/);
    expect((second.content as { text: string }[])[0].text).toMatch(/^previous=one/);
    await client.close();
  });

  it.each(['v1', 'v2-legacy'] as const)('routes elicitation and sampling answers to the instance waiting for them (%s)', async (kind) => {
    const { client } = kind === 'v1' ? await v1Client() : await v2Client('legacy');
    for (let round = 0; round < 3; round++) {
      const confirmed = await client.callTool({ name: 'confirm', arguments: {} });
      expect((confirmed.content as { text: string }[])[0].text).toBe('confirm=true action=accept');
      const asked = await client.callTool({ name: 'ask', arguments: {} });
      expect((asked.content as { text: string }[])[0].text).toBe('model said: hi there');
    }
    await client.close();
  });

  it('streams progress and logs on the request stream', async () => {
    const { client } = await v1Client();
    const logs: string[] = [];
    client.setNotificationHandler(LoggingMessageNotificationSchema, (notification) => {
      logs.push(String(notification.params.data));
    });
    await client.setLoggingLevel('info');
    const progress: number[] = [];
    const result = await client.callTool({ name: 'work', arguments: { steps: 3 } }, undefined, { onprogress: (update) => progress.push(update.progress) });
    expect((result.content as { text: string }[])[0].text).toMatch(/^worked 3 steps/);
    expect(progress).toEqual([1, 2, 3]);
    expect(logs).toEqual(['step 1', 'step 2', 'step 3']);
    await client.close();
  });

  it('applies the log level a client set to its session on every instance', async () => {
    const { client } = await v1Client();
    const logs: string[] = [];
    client.setNotificationHandler(LoggingMessageNotificationSchema, (notification) => {
      logs.push(String(notification.params.data));
    });
    await client.setLoggingLevel('warning');
    for (let call = 0; call < 3; call++) await client.callTool({ name: 'work', arguments: { steps: 1 } });
    expect(logs).toEqual([]);
    await client.setLoggingLevel('info');
    for (let call = 0; call < 3; call++) await client.callTool({ name: 'work', arguments: { steps: 1 } });
    expect(logs).toEqual(['step 1', 'step 1', 'step 1']);
    await client.close();
  });

  it('delivers notifications/cancelled to the instance running the call', async () => {
    const { client } = await v1Client();
    const controller = new AbortController();
    const call = client.callTool({ name: 'waitForCancel', arguments: {} }, undefined, { signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const started = Date.now();
    controller.abort();
    await expect(call).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(2_000);
    await client.close();
  });

  it('sends resource updates to subscribers from any instance', async () => {
    const { client, streamOpen } = await v1Client();
    const updates: string[] = [];
    client.setNotificationHandler(ResourceUpdatedNotificationSchema, (notification) => {
      updates.push(notification.params.uri);
    });
    await streamOpen;
    await client.subscribeResource({ uri: 'cluster://counter' });
    await client.callTool({ name: 'bump', arguments: {} });
    await client.callTool({ name: 'bump', arguments: {} });
    await waitFor(() => updates.length >= 2, 5_000);
    expect(new Set(updates)).toEqual(new Set(['cluster://counter']));
    await client.close();
  });

  it('ends a session everywhere on DELETE', async () => {
    const { client, transport } = await v1Client();
    await client.callTool({ name: 'whoAmI', arguments: {} });
    const sessionId = transport.sessionId!;
    await transport.terminateSession();
    for (const instance of cluster.instances) {
      const response = await fetch(`http://127.0.0.1:${instance.port}/mcp`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-session-id': sessionId, 'mcp-protocol-version': '2025-11-25' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
      });
      expect(response.status).toBe(404);
    }
  });

  it('serves 2026-07-28 clients from every instance, input-required rounds included', async () => {
    const { client } = await v2Client('modern');
    for (let round = 0; round < 3; round++) {
      const confirmed = await client.callTool({ name: 'confirm', arguments: {} });
      expect(confirmed.content).toEqual([{ type: 'text', text: 'confirm=true action=accept' }]);
    }
    const asked = await client.callTool({ name: 'ask', arguments: {} });
    expect(asked.content).toEqual([{ type: 'text', text: 'model said: hi there' }]);
    await client.close();
  });

  it('answers tasks/get for a task from any instance (2026 tasks extension)', async () => {
    const caps = { extensions: { 'io.modelcontextprotocol/tasks': {} } };
    const meta = {
      'io.modelcontextprotocol/protocolVersion': '2026-07-28',
      'io.modelcontextprotocol/clientCapabilities': caps,
    };
    const call = async (port: number, method: string, params: Record<string, unknown>, name: string) => {
      const response = await fetch(`http://127.0.0.1:${port}/mcp`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-protocol-version': '2026-07-28', 'mcp-method': method, 'mcp-name': name },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params: { ...params, _meta: meta } }),
      });
      return (await response.json()) as { result: Record<string, unknown> };
    };
    const created = await call(cluster.instances[0].port, 'tools/call', { name: 'slowSquare', arguments: { n: 12 } }, 'slowSquare');
    const taskId = created.result.taskId as string;
    let status = '';
    for (let attempt = 0; attempt < 40 && status !== 'completed'; attempt++) {
      const polled = await call(cluster.instances[1 + (attempt % 2)].port, 'tasks/get', { taskId }, taskId);
      status = polled.result.status as string;
      if (status === 'completed') expect(polled.result.result).toEqual({ content: [{ type: 'text', text: '144' }] });
      else await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(status).toBe('completed');
  });

  it('resumes a closed stream on another instance and delivers the result the first instance produced', async () => {
    const { client } = await v2Client('legacy');
    const results = [];
    for (let round = 0; round < 2; round++) {
      const result = await client.callTool({ name: 'pollMe', arguments: {} }, { timeout: 15_000 });
      results.push((result.content as { text: string }[])[0].text);
    }
    for (const text of results) expect(text).toMatch(/^finished on instance [abc]$/);
    await client.close();
  });

  it('reports the shared store on every instance health endpoint', async () => {
    for (const instance of cluster.instances) {
      const response = await fetch(`http://127.0.0.1:${instance.port}/mcp/health`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ status: 'ok' });
    }
  });
});
