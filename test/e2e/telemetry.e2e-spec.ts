import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { TelemetryFixtureModule } from '../fixtures/telemetry.fixture.js';
import { startApp, type RunningApp } from '../helpers/app.js';
import { connect, type AnyClient, type ClientKind } from '../helpers/clients.js';
import { pointWith, registerOtelSdk, resetOtelGlobals, traceparentOf, type OtelSdk } from '../helpers/otel.js';
import { message, modernRequest, openSession, post, sessionHeaders, TASKS_EXTENSION } from '../helpers/raw-http.js';
import { waitFor } from '../helpers/wait.js';

const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';
const CLIENT_SPAN_ID = 'b7ad6b7169203331';
const BUCKETS = [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 30, 60, 120, 300];

/** tools/call with `_meta` (trace context, baggage) on any client kind. */
function callWithMeta(client: AnyClient, name: string, args: Record<string, unknown>, meta: Record<string, string>) {
  return client.raw.callTool({ name, arguments: args, _meta: meta });
}

/** The value once `read` gives one (the server may finish its bookkeeping just after answering). */
async function eventually<T>(read: () => Promise<T | undefined>, timeoutMs = 2_000): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (value === undefined && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    value = await read();
  }
  return value;
}

function only(spans: ReadableSpan[]): ReadableSpan {
  expect(spans).toHaveLength(1);
  return spans[0];
}

describe('telemetry over HTTP (OpenTelemetry SDK with in-memory exporters)', () => {
  let server: RunningApp;
  let otel: OtelSdk;
  const clients: AnyClient[] = [];

  beforeAll(async () => {
    server = await startApp(TelemetryFixtureModule.with() as never);
  });
  afterAll(() => server.close());
  beforeEach(() => {
    otel = registerOtelSdk();
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.close().catch(() => undefined)));
    await otel.shutdown();
  });

  async function client(kind: ClientKind, handlers: Parameters<typeof connect>[2] = {}): Promise<AnyClient> {
    const connected = await connect(kind, server.url, handlers);
    clients.push(connected);
    return connected;
  }

  it.each([
    ['v2-legacy', '2025-11-25'],
    ['v1', '2025-11-25'],
    ['v2-modern', '2026-07-28'],
  ] as const)('records one SERVER span for tools/call echo from a %s client, named and attributed per the conventions', async (kind, version) => {
    const mcp = await client(kind);
    expect((await mcp.callTool('echo', { text: 'hi' })).content).toEqual([{ type: 'text', text: 'hi' }]);
    const span = only(otel.spansNamed('tools/call echo'));
    expect(span.kind).toBe(SpanKind.SERVER);
    expect(span.attributes).toMatchObject({
      'mcp.method.name': 'tools/call',
      'gen_ai.tool.name': 'echo',
      'gen_ai.operation.name': 'execute_tool',
      'jsonrpc.request.id': expect.any(String),
      'mcp.protocol.version': version,
      'network.transport': 'tcp',
      'network.protocol.name': 'http',
    });
    expect(span.status.code).not.toBe(SpanStatusCode.ERROR);
    expect(span.attributes['error.type']).toBeUndefined();
    if (version === '2025-11-25') expect(span.attributes['mcp.session.id']).toBe(mcp.sessionId());
    else expect(span.attributes['mcp.session.id']).toBeUndefined();
  });

  it('names list, read and prompt spans: no operation name on lists, the URI as an attribute only, the prompt name', async () => {
    const mcp = await client('v2-legacy');
    await mcp.listTools();
    await mcp.readResource('items://42');
    await mcp.getPrompt('greet', { name: 'Ada' });
    const list = only(otel.spansNamed('tools/list'));
    expect(list.attributes['mcp.method.name']).toBe('tools/list');
    expect(list.attributes['gen_ai.operation.name']).toBeUndefined();
    const read = only(otel.spansNamed('resources/read'));
    expect(read.attributes).toMatchObject({ 'mcp.method.name': 'resources/read', 'mcp.resource.uri': 'items://42' });
    const prompt = only(otel.spansNamed('prompts/get greet'));
    expect(prompt.attributes).toMatchObject({ 'mcp.method.name': 'prompts/get', 'gen_ai.prompt.name': 'greet' });
    expect(prompt.attributes['gen_ai.operation.name']).toBeUndefined();
    // The initialize handshake and its notification are traced too; a notification has no request id.
    expect(only(otel.spansNamed('initialize')).attributes['jsonrpc.request.id']).toBeDefined();
    const initialized = only(otel.spansNamed('notifications/initialized'));
    expect(initialized.kind).toBe(SpanKind.SERVER);
    expect(initialized.attributes['jsonrpc.request.id']).toBeUndefined();
  });

  it.each(['v2-legacy', 'v2-modern'] as const)('parents the span on _meta.traceparent, runs the handler under it with the baggage (%s)', async (kind) => {
    const mcp = await client(kind);
    const meta = { traceparent: traceparentOf(TRACE_ID, CLIENT_SPAN_ID), baggage: 'tenant=acme' };
    const result = await callWithMeta(mcp, 'whereAmI', {}, meta);
    const span = only(otel.spansNamed('tools/call whereAmI'));
    expect(span.spanContext().traceId).toBe(TRACE_ID);
    expect(span.parentSpanContext?.spanId).toBe(CLIENT_SPAN_ID);
    const seen = result.structuredContent ?? JSON.parse(result.content[0].text);
    expect(seen).toEqual({ traceId: TRACE_ID, spanId: expect.any(String), tenant: 'acme' });
    // The component's pipeline runs in a child span, and the user's own span nests under that.
    const handler = only(otel.spansNamed('tool TelemetryTools.whereAmI'));
    expect(handler.kind).toBe(SpanKind.INTERNAL);
    expect(handler.parentSpanContext?.spanId).toBe(span.spanContext().spanId);
    expect(handler.attributes['code.function.name']).toBe('TelemetryTools.whereAmI');
    expect(seen.spanId).toBe(handler.spanContext().spanId);
    expect(only(otel.spansNamed('user work')).parentSpanContext?.spanId).toBe(handler.spanContext().spanId);
  });

  it('starts a new root for a malformed or oversized traceparent and still answers', async () => {
    const mcp = await client('v2-legacy');
    const bad = await callWithMeta(mcp, 'echo', { text: 'a' }, { traceparent: 'not-a-traceparent', baggage: `x=${'y'.repeat(9000)}` });
    expect(bad.content).toEqual([{ type: 'text', text: 'a' }]);
    const wrongType = await mcp.raw.callTool({ name: 'echo', arguments: { text: 'b' }, _meta: { traceparent: 42 } });
    expect(wrongType.content).toEqual([{ type: 'text', text: 'b' }]);
    const spans = otel.spansNamed('tools/call echo');
    expect(spans).toHaveLength(2);
    for (const span of spans) {
      expect(span.parentSpanContext).toBeUndefined();
      expect(span.spanContext().traceId).not.toBe(TRACE_ID);
    }
  });

  it('records a JSON-RPC error: status ERROR with its message, error.type and rpc.response.status_code', async () => {
    const mcp = await client('v2-legacy');
    await expect(mcp.callTool('picky')).rejects.toMatchObject({ code: -32602 });
    const span = only(otel.spansNamed('tools/call picky'));
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: 'picky wants nothing' });
    expect(span.attributes).toMatchObject({ 'error.type': '-32602', 'rpc.response.status_code': '-32602' });
    await expect(mcp.readResource('nothing://here')).rejects.toBeDefined();
    const read = only(otel.spansNamed('resources/read'));
    expect(read.status.code).toBe(SpanStatusCode.ERROR);
    expect(read.attributes['error.type']).toMatch(/^-32\d+$/);
  });

  it('records an isError tool result as tool_error, and an unknown tool without its name in the span name', async () => {
    const mcp = await client('v2-modern');
    const result = await mcp.callTool('broken');
    expect(result.isError).toBe(true);
    const span = only(otel.spansNamed('tools/call broken'));
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.attributes['error.type']).toBe('tool_error');
    expect(span.attributes['rpc.response.status_code']).toBeUndefined();
    const handler = only(otel.spansNamed('tool TelemetryTools.broken'));
    expect(handler.status).toEqual({ code: SpanStatusCode.ERROR, message: 'disk on fire' });
    await mcp.callTool('noSuchTool').catch(() => undefined);
    const unknown = otel.spansNamed('tools/call').find((candidate) => candidate.attributes['gen_ai.tool.name'] === 'noSuchTool');
    expect(unknown).toBeDefined();
  });

  it('shows guard checks: one span for the checks of a list, and the refused call in the pipeline span', async () => {
    const mcp = await client('v2-legacy');
    const { tools } = await mcp.listTools();
    expect(tools.map((tool) => tool.name)).not.toContain('closed');
    const guards = only(otel.spansNamed('guards tools/list'));
    expect(guards.parentSpanContext?.spanId).toBe(only(otel.spansNamed('tools/list')).spanContext().spanId);
    expect(guards.attributes).toMatchObject({ 'mcp.guard.denied': 1, 'mcp.guard.checked': expect.any(Number) });
    await mcp.callTool('closed').catch(() => undefined);
    const refused = only(otel.spansNamed('tool TelemetryTools.closed'));
    expect(refused.status.code).toBe(SpanStatusCode.ERROR);
    expect(refused.attributes['error.type']).toBe('ForbiddenException');
  });

  it('records mcp.server.operation.duration in seconds with the advised buckets, one point per request, no ids', async () => {
    const mcp = await client('v2-legacy');
    await mcp.callTool('echo', { text: '1' });
    await mcp.callTool('echo', { text: '2' });
    await mcp.callTool('broken');
    const metric = await otel.metric('mcp.server.operation.duration');
    expect(metric?.descriptor).toMatchObject({ unit: 's', advice: { explicitBucketBoundaries: BUCKETS } });
    const echo = pointWith<{ count: number; buckets: { boundaries: number[] } }>(metric, { 'mcp.method.name': 'tools/call', 'gen_ai.tool.name': 'echo' });
    expect(echo?.value.count).toBe(2);
    expect(echo?.value.buckets.boundaries).toEqual(BUCKETS);
    expect(echo?.attributes).toEqual({
      'mcp.method.name': 'tools/call',
      'gen_ai.tool.name': 'echo',
      'gen_ai.operation.name': 'execute_tool',
      'mcp.protocol.version': '2025-11-25',
      'network.transport': 'tcp',
      'network.protocol.name': 'http',
    });
    const broken = pointWith<{ count: number }>(metric, { 'gen_ai.tool.name': 'broken' });
    expect(broken?.attributes['error.type']).toBe('tool_error');
    for (const point of metric!.dataPoints) {
      expect(Object.keys(point.attributes)).not.toEqual(expect.arrayContaining(['mcp.session.id']));
      expect(Object.keys(point.attributes)).not.toEqual(expect.arrayContaining(['jsonrpc.request.id']));
    }
    const inFlight = await otel.metric('mcp.server.request.active');
    expect(pointWith<number>(inFlight, { 'mcp.method.name': 'tools/call' })?.value).toBe(0);
  });

  it('records mcp.server.session.duration once when a 2025-11-25 session ends, and counts active sessions', async () => {
    const sessionId = await openSession(server.url);
    const active = await otel.metric('mcp.server.session.active');
    expect(pointWith<number>(active, { 'network.transport': 'tcp' })?.value).toBe(1);
    const deleted = await fetch(server.url, { method: 'DELETE', headers: sessionHeaders(sessionId) });
    expect(deleted.status).toBe(200);
    const duration = await eventually(() => otel.metric('mcp.server.session.duration'));
    const point = pointWith<{ count: number }>(duration, { 'mcp.protocol.version': '2025-11-25' });
    expect(duration?.descriptor).toMatchObject({ unit: 's', advice: { explicitBucketBoundaries: BUCKETS } });
    expect(point?.value.count).toBe(1);
    expect(point?.attributes).toEqual({ 'mcp.protocol.version': '2025-11-25', 'network.transport': 'tcp', 'network.protocol.name': 'http' });
    expect(pointWith<number>(await otel.metric('mcp.server.session.active'), { 'network.transport': 'tcp' })?.value).toBe(0);
    // A second DELETE of the ended session records nothing more.
    await fetch(server.url, { method: 'DELETE', headers: sessionHeaders(sessionId) });
    expect(pointWith<{ count: number }>(await otel.metric('mcp.server.session.duration'), {})?.value.count).toBe(1);
  });

  it('sends sampling/createMessage under a CLIENT span with its traceparent in the request _meta', async () => {
    const received: any[] = [];
    const mcp = await client('v2-legacy', {
      sampling: (params) => {
        received.push(params);
        return { role: 'assistant', content: { type: 'text', text: 'hi there' }, model: 'test' };
      },
    });
    const result = await callWithMeta(mcp, 'ask', {}, { traceparent: traceparentOf(TRACE_ID, CLIENT_SPAN_ID) });
    expect(result.content).toEqual([{ type: 'text', text: 'hi there' }]);
    const sampling = only(otel.spansNamed('sampling/createMessage'));
    expect(sampling.kind).toBe(SpanKind.CLIENT);
    expect(sampling.attributes['mcp.method.name']).toBe('sampling/createMessage');
    expect(sampling.spanContext().traceId).toBe(TRACE_ID);
    expect(sampling.parentSpanContext?.spanId).toBe(only(otel.spansNamed('tool TelemetryTools.ask')).spanContext().spanId);
    expect(received[0]._meta.traceparent).toBe(traceparentOf(TRACE_ID, sampling.spanContext().spanId));
  });

  it('records a 2026-07-28 input-required round as an event on the call span (no server-to-client request)', async () => {
    const asked = await modernRequest(server.url, 'tools/call', { name: 'ask', arguments: {} }, { sampling: {} });
    expect(asked.message.result).toMatchObject({ resultType: 'input_required' });
    const span = only(otel.spansNamed('tools/call ask'));
    expect(span.events).toEqual([expect.objectContaining({ name: 'mcp.input_required', attributes: { 'mcp.input_required.methods': ['sampling/createMessage'] } })]);
    expect(otel.spansNamed('sampling/createMessage')).toHaveLength(0);
  });

  it('gives each task run a span of its own, linked to the request that created the task (2025 and 2026-07-28)', async () => {
    const headers = sessionHeaders(await openSession(server.url));
    const created = await message(await post(server.url, { jsonrpc: '2.0', id: 7, method: 'tools/call', params: { name: 'slowSquare', arguments: { n: 5 }, task: {} } }, headers));
    expect(created.result.task.taskId).toEqual(expect.any(String));
    const modern = await modernRequest(server.url, 'tools/call', { name: 'slowSquare', arguments: { n: 6 } }, { extensions: { [TASKS_EXTENSION]: {} } });
    expect(modern.message.result).toMatchObject({ resultType: 'task' });
    await waitFor(() => otel.spansNamed('task tools/call slowSquare').length === 2);
    const requests = otel.spansNamed('tools/call slowSquare');
    expect(requests).toHaveLength(2);
    for (const run of otel.spansNamed('task tools/call slowSquare')) {
      expect(run.parentSpanContext).toBeUndefined();
      expect(run.links).toHaveLength(1);
      const creator = requests.find((request) => request.spanContext().spanId === run.links[0].context.spanId);
      expect(creator).toBeDefined();
      expect(run.spanContext().traceId).not.toBe(creator!.spanContext().traceId);
      const handler = otel.spansNamed('tool TelemetryTools.slowSquare').find((span) => span.parentSpanContext?.spanId === run.spanContext().spanId);
      expect(handler).toBeDefined();
    }
  });

  it('records neither tool arguments nor results unless asked to', async () => {
    const mcp = await client('v2-legacy');
    await mcp.callTool('echo', { text: 'secret' });
    const span = only(otel.spansNamed('tools/call echo'));
    expect(span.attributes['gen_ai.tool.call.arguments']).toBeUndefined();
    expect(span.attributes['gen_ai.tool.call.result']).toBeUndefined();
  });

  it('traces a subscriptions/listen stream (2026-07-28) from its opening to its close', async () => {
    const controller = new AbortController();
    const response = await fetch(server.url, {
      method: 'POST',
      signal: controller.signal,
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-protocol-version': '2026-07-28', 'mcp-method': 'subscriptions/listen' },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 'listen-1',
        method: 'subscriptions/listen',
        params: {
          notifications: { toolsListChanged: true },
          _meta: {
            'io.modelcontextprotocol/protocolVersion': '2026-07-28',
            'io.modelcontextprotocol/clientInfo': { name: 'raw', version: '1.0.0' },
            'io.modelcontextprotocol/clientCapabilities': {},
            traceparent: traceparentOf(TRACE_ID, CLIENT_SPAN_ID),
          },
        },
      }),
    });
    expect(response.status).toBe(200);
    expect(otel.spansNamed('subscriptions/listen')).toHaveLength(0);
    controller.abort();
    await waitFor(() => otel.spansNamed('subscriptions/listen').length === 1);
    const span = only(otel.spansNamed('subscriptions/listen'));
    expect(span.kind).toBe(SpanKind.SERVER);
    expect(span.spanContext().traceId).toBe(TRACE_ID);
    expect(span.attributes).toMatchObject({ 'mcp.method.name': 'subscriptions/listen', 'jsonrpc.request.id': 'listen-1', 'mcp.protocol.version': '2026-07-28' });
    expect(span.attributes['mcp.session.id']).toBeUndefined();
  });
});

describe('telemetry options and SDK lifecycle', () => {
  afterEach(() => resetOtelGlobals());

  it('records arguments and results when opted in', async () => {
    const server = await startApp(TelemetryFixtureModule.with({ recordArguments: true, recordResults: true }) as never);
    const otel = registerOtelSdk();
    try {
      const mcp = await connect('v2-legacy', server.url);
      await mcp.callTool('echo', { text: 'visible' });
      await mcp.close();
      const span = only(otel.spansNamed('tools/call echo'));
      expect(JSON.parse(String(span.attributes['gen_ai.tool.call.arguments']))).toEqual({ text: 'visible' });
      expect(JSON.parse(String(span.attributes['gen_ai.tool.call.result']))).toMatchObject({ content: [{ type: 'text', text: 'visible' }] });
    } finally {
      await otel.shutdown();
      await server.close();
    }
  });

  it.each([false, { enabled: false }] as const)('records nothing with telemetry: %j, even with an SDK registered', async (telemetry) => {
    const server = await startApp(TelemetryFixtureModule.with(telemetry) as never);
    const otel = registerOtelSdk();
    try {
      const mcp = await connect('v2-legacy', server.url);
      await mcp.callTool('echo', { text: 'quiet' });
      await mcp.close();
      expect(otel.spans.getFinishedSpans()).toEqual([]);
      expect(await otel.metric('mcp.server.operation.duration')).toBeUndefined();
    } finally {
      await otel.shutdown();
      await server.close();
    }
  });

  it('picks up an SDK registered after the app started, and a new one after the first is disabled', async () => {
    const server = await startApp(TelemetryFixtureModule.with() as never);
    try {
      const mcp = await connect('v2-legacy', server.url);
      await mcp.callTool('echo', { text: 'before' });
      const first = registerOtelSdk();
      await mcp.callTool('echo', { text: 'during' });
      expect(first.spansNamed('tools/call echo')).toHaveLength(1);
      expect(pointWith<{ count: number }>(await first.metric('mcp.server.operation.duration'), { 'gen_ai.tool.name': 'echo' })?.value.count).toBe(1);
      first.spans.reset();
      await first.shutdown();
      const second = registerOtelSdk();
      await mcp.callTool('echo', { text: 'after' });
      expect(second.spansNamed('tools/call echo')).toHaveLength(1);
      expect(first.spans.getFinishedSpans()).toEqual([]);
      await mcp.close();
      await second.shutdown();
    } finally {
      await server.close();
    }
  });

  it('uses the tracerProvider and meterProvider options instead of the globals', async () => {
    const own = registerOtelSdk();
    resetOtelGlobals();
    const server = await startApp(TelemetryFixtureModule.with({ tracerProvider: own.tracerProvider, meterProvider: own.meterProvider }) as never);
    try {
      const mcp = await connect('v2-modern', server.url);
      await mcp.callTool('echo', { text: 'own' });
      await mcp.close();
      expect(own.spansNamed('tools/call echo')).toHaveLength(1);
      expect(pointWith<{ count: number }>(await own.metric('mcp.server.operation.duration'), { 'gen_ai.tool.name': 'echo' })?.value.count).toBe(1);
    } finally {
      await own.shutdown();
      await server.close();
    }
  });
});
