import { describe, expect, it } from '@jest/globals';
import { Client as ClientV1 } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport as HttpTransportV1 } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { roundRobinFetch, useCluster, type Instance } from '../helpers/cluster.js';
import { readEvents } from '../helpers/sse.js';

const ACCEPT = 'application/json, text/event-stream';
const text = (result: unknown) => (result as { content: { text: string }[] }).content[0].text;

async function initialize(port: number): Promise<Response> {
  return fetch(`http://127.0.0.1:${port}/mcp`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: ACCEPT },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'limits', version: '1' } } }),
  });
}

async function list(port: number, sessionId: string): Promise<number> {
  const response = await fetch(`http://127.0.0.1:${port}/mcp`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: ACCEPT, 'mcp-session-id': sessionId, 'mcp-protocol-version': '2025-11-25' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' }),
  });
  await response.text();
  return response.status;
}

describe('cluster-wide session limits', () => {
  const cluster = useCluster(['a', 'b'], { MCP_MAX_SESSIONS: '3', MCP_IDLE_TTL_MS: '1500' });

  it('counts sessions of every instance against maxSessions and reaps idle ones everywhere', async () => {
    const [a, b] = cluster.instances;
    const ids: string[] = [];
    for (const port of [a.port, a.port, b.port]) {
      const response = await initialize(port);
      await response.text();
      ids.push(response.headers.get('mcp-session-id')!);
    }
    const full = await initialize(b.port);
    await full.text();
    expect(full.status).toBe(503);
    expect(await list(b.port, ids[0])).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    for (const id of ids) {
      expect(await list(a.port, id)).toBe(404);
      expect(await list(b.port, id)).toBe(404);
    }
    const again = await initialize(a.port);
    await again.text();
    expect(again.status).toBe(200);
  }, 20_000);
});

describe('graceful shutdown and 2026 subscriptions across instances', () => {
  const cluster = useCluster(['a', 'b']);
  const { live } = cluster;

  it('delivers resource updates made on one instance to a subscriptions/listen stream on the other', async () => {
    const [a, b] = cluster.instances;
    const controller = new AbortController();
    const meta = { 'io.modelcontextprotocol/protocolVersion': '2026-07-28', 'io.modelcontextprotocol/clientCapabilities': {} };
    const listen = await fetch(`http://127.0.0.1:${a.port}/mcp`, {
      method: 'POST',
      signal: controller.signal,
      headers: { 'content-type': 'application/json', accept: ACCEPT, 'mcp-protocol-version': '2026-07-28', 'mcp-method': 'subscriptions/listen' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 5, method: 'subscriptions/listen', params: { notifications: { resourceSubscriptions: ['cluster://counter'] }, _meta: meta } }),
    });
    const events = readEvents(listen, (seen) => seen.some((event) => event.data.includes('notifications/resources/updated')), 5_000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await fetch(`http://127.0.0.1:${b.port}/mcp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: ACCEPT, 'mcp-protocol-version': '2026-07-28', 'mcp-method': 'tools/call', 'mcp-name': 'bump' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 6, method: 'tools/call', params: { name: 'bump', arguments: {}, _meta: meta } }),
    }).then((response) => response.text());
    const received = (await events).map((event) => JSON.parse(event.data) as { method?: string; params?: { uri?: string } });
    controller.abort();
    expect(received.find((message) => message.method === 'notifications/resources/updated')?.params?.uri).toBe('cluster://counter');
  });

  it('finishes the call in flight on SIGTERM and the session goes on on the other instance', async () => {
    const client = new ClientV1({ name: 'sigterm', version: '1.0.0' });
    const transport = new HttpTransportV1(new URL(`http://127.0.0.1:${cluster.instances[0].port}/mcp`), { fetch: roundRobinFetch(live) });
    await client.connect(transport);
    let stopping: Instance | undefined;
    const call = client.callTool({ name: 'work', arguments: { steps: 20 } }, undefined, {
      onprogress: (update) => {
        if (stopping) return;
        stopping = cluster.instances.find((instance) => `instance ${instance.name}` === update.message);
        stopping?.process.kill('SIGTERM');
      },
    });
    expect(text(await call)).toMatch(/^worked 20 steps on instance/);
    await new Promise((resolve) => stopping!.process.once('exit', resolve));
    const after = await client.callTool({ name: 'remember', arguments: { value: 'still here' } });
    expect(text(after)).toMatch(/^previous=none on instance/);
    expect(text(after)).not.toContain(`instance ${stopping!.name}`);
    await client.close();
  }, 30_000);
});
