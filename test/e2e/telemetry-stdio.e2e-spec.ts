import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import { Client as ClientV2 } from '@modelcontextprotocol/client';
import { StdioClientTransport as StdioTransportV2 } from '@modelcontextprotocol/client/stdio';
import { Client as ClientV1 } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport as StdioTransportV1 } from '@modelcontextprotocol/sdk/client/stdio.js';
import { waitFor } from '../helpers/wait.js';

const entry = resolve(process.cwd(), 'dist/stdio.js');
const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const CLIENT_SPAN_ID = '00f067aa0ba902b7';

interface SpanLine {
  span: string;
  kind: number;
  traceId: string;
  parentSpanId?: string;
  attributes: Record<string, unknown>;
}

interface MetricLine {
  metric: string;
  attributes: Record<string, unknown>;
  value: { count?: number } | number;
}

/** The demo's `MCP_OTEL=console` writes spans and metrics as JSON lines on stderr; stdout stays the protocol's. */
function telemetryLines(stderr: string): { spans: SpanLine[]; metrics: MetricLine[] } {
  const lines = stderr.split('\n').filter((line) => line.startsWith('{'));
  const parsed = lines.map((line) => JSON.parse(line) as SpanLine & MetricLine);
  return { spans: parsed.filter((line) => line.span), metrics: parsed.filter((line) => line.metric) };
}

/** The built demo (`npm run build`) as a real child process with MCP_OTEL=console. */
describe('telemetry over stdio: the demo as a child process', () => {
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    await Promise.all(closers.splice(0).map((close) => close()));
  });

  it('records SERVER spans with network.transport=pipe and the _meta parent (2025-11-25, v1 client), and the session duration', async () => {
    const transport = new StdioTransportV1({
      command: process.execPath,
      args: [entry],
      stderr: 'pipe',
      env: { ...process.env, MCP_OTEL: 'console', MCP_OTEL_METRICS_MS: '200' } as Record<string, string>,
    });
    let stderr = '';
    transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const client = new ClientV1({ name: 'stdio-otel', version: '1.0.0' });
    await client.connect(transport);
    const added = await client.callTool({ name: 'addNote', arguments: { text: 'traced', tags: [] }, _meta: { traceparent: `00-${TRACE_ID}-${CLIENT_SPAN_ID}-01` } });
    expect(added.isError).toBeFalsy();
    await waitFor(() => telemetryLines(stderr).spans.some((span) => span.span === 'tools/call addNote'));
    const { spans } = telemetryLines(stderr);
    const call = spans.find((span) => span.span === 'tools/call addNote')!;
    expect(call.kind).toBe(1); // SERVER
    expect(call.traceId).toBe(TRACE_ID);
    expect(call.parentSpanId).toBe(CLIENT_SPAN_ID);
    expect(call.attributes).toMatchObject({
      'mcp.method.name': 'tools/call',
      'gen_ai.tool.name': 'addNote',
      'gen_ai.operation.name': 'execute_tool',
      'mcp.protocol.version': '2025-11-25',
      'network.transport': 'pipe',
      'jsonrpc.request.id': expect.any(String),
    });
    expect(call.attributes['network.protocol.name']).toBeUndefined();
    expect(call.attributes['mcp.session.id']).toBeUndefined(); // stdio has no Mcp-Session-Id
    expect(spans.find((span) => span.span === 'notifications/initialized')?.attributes['network.transport']).toBe('pipe');
    await waitFor(() => telemetryLines(stderr).metrics.some((line) => line.metric === 'mcp.server.session.active' && line.value === 1));
    // Closing stdin ends the session; the demo flushes its metrics on the way out.
    await client.close();
    await waitFor(() => telemetryLines(stderr).metrics.some((line) => line.metric === 'mcp.server.session.duration'));
    const duration = telemetryLines(stderr).metrics.findLast((line) => line.metric === 'mcp.server.session.duration')!;
    expect(duration.attributes).toEqual({ 'mcp.protocol.version': '2025-11-25', 'network.transport': 'pipe' });
    expect((duration.value as { count: number }).count).toBe(1);
  });

  it('records the 2026-07-28 era over stdio (v2 client) without a session id', async () => {
    const transport = new StdioTransportV2({
      command: process.execPath,
      args: [entry],
      stderr: 'pipe',
      env: { ...process.env, MCP_OTEL: 'console' } as Record<string, string>,
    });
    let stderr = '';
    transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const client = new ClientV2({ name: 'stdio-otel-v2', version: '1.0.0' }, { versionNegotiation: { mode: { pin: '2026-07-28' } } });
    await client.connect(transport);
    closers.push(() => client.close());
    await client.callTool({ name: 'countNotes', arguments: {} });
    await waitFor(() => telemetryLines(stderr).spans.some((span) => span.span === 'tools/call countNotes'));
    const call = telemetryLines(stderr).spans.find((span) => span.span === 'tools/call countNotes')!;
    expect(call.attributes).toMatchObject({ 'mcp.protocol.version': '2026-07-28', 'network.transport': 'pipe' });
    expect(call.attributes['mcp.session.id']).toBeUndefined();
  });
});
