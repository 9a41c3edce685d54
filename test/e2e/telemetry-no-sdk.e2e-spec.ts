import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { Test } from '@nestjs/testing';
import { context, createNoopMeter, propagation, ProxyTracerProvider, trace } from '@opentelemetry/api';
import { McpTestClient } from 'nestjs-mcp/testing';
import { TelemetryFixtureModule } from '../fixtures/telemetry.fixture.js';
import { startApp, type RunningApp } from '../helpers/app.js';
import { connect } from '../helpers/clients.js';
import { resetOtelGlobals } from '../helpers/otel.js';
import { modernRequest, openSession, sessionHeaders, TASKS_EXTENSION } from '../helpers/raw-http.js';

/**
 * With no OpenTelemetry SDK registered, every API entry point that could make a span, a tracer, an instrument or a
 * context is watched while real clients use every traced path (sessions, calls, lists, prompts, resources, errors,
 * sampling, tasks, notifications, both eras, in memory): none is called.
 */
describe('telemetry without an OpenTelemetry SDK', () => {
  let server: RunningApp;
  const noopProvider = new ProxyTracerProvider().getDelegate();
  const noopTracer = Object.getPrototypeOf(noopProvider.getTracer('probe')) as Record<string, (...args: unknown[]) => unknown>;
  const noopMeter = createNoopMeter() as unknown as Record<string, (...args: unknown[]) => unknown>;
  const watched = [
    jest.spyOn(Object.getPrototypeOf(noopProvider) as { getTracer: () => unknown }, 'getTracer'),
    jest.spyOn(noopTracer, 'startSpan'),
    jest.spyOn(noopTracer, 'startActiveSpan'),
    jest.spyOn(noopMeter, 'createHistogram'),
    jest.spyOn(noopMeter, 'createUpDownCounter'),
    jest.spyOn(noopMeter, 'createObservableGauge'),
    jest.spyOn(propagation, 'extract'),
    jest.spyOn(propagation, 'inject'),
    jest.spyOn(trace, 'setSpan'),
    jest.spyOn(context, 'with'),
  ];

  beforeAll(async () => {
    resetOtelGlobals();
    server = await startApp(TelemetryFixtureModule.with() as never);
  });
  afterAll(async () => {
    await server.close();
    for (const spy of watched) spy.mockRestore();
  });

  it('serves everything and creates no span, tracer, instrument or context', async () => {
    for (const spy of watched) spy.mockClear();
    const meta = { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01', baggage: 'tenant=acme' };

    const legacy = await connect('v2-legacy', server.url, { sampling: () => ({ role: 'assistant', content: { type: 'text', text: 'hi' }, model: 'm' }) });
    expect((await legacy.raw.callTool({ name: 'echo', arguments: { text: 'x' }, _meta: meta })).content).toEqual([{ type: 'text', text: 'x' }]);
    expect((await legacy.callTool('ask')).content).toEqual([{ type: 'text', text: 'hi' }]);
    expect((await legacy.callTool('broken')).isError).toBe(true);
    await expect(legacy.callTool('picky')).rejects.toMatchObject({ code: -32602 });
    expect((await legacy.listTools()).tools.map((tool) => tool.name)).not.toContain('closed');
    await legacy.readResource('items://1');
    await legacy.getPrompt('greet', { name: 'Ada' });
    await legacy.close();

    const modern = await connect('v2-modern', server.url);
    expect((await modern.raw.callTool({ name: 'echo', arguments: { text: 'y' }, _meta: meta })).content).toEqual([{ type: 'text', text: 'y' }]);
    expect((await modern.callTool('broken')).isError).toBe(true);
    await modern.close();
    const task = await modernRequest(server.url, 'tools/call', { name: 'slowSquare', arguments: { n: 2 } }, { extensions: { [TASKS_EXTENSION]: {} } });
    expect(task.message.result).toMatchObject({ resultType: 'task' });

    const sessionId = await openSession(server.url);
    expect((await fetch(server.url, { method: 'DELETE', headers: sessionHeaders(sessionId) })).status).toBe(200);

    const moduleRef = await Test.createTestingModule({ imports: [TelemetryFixtureModule.with()] }).compile();
    const memory = await McpTestClient.create(moduleRef);
    expect((await memory.callTool('echo', { text: 'in memory' })).content).toEqual([{ type: 'text', text: 'in memory' }]);
    await memory.close();
    await moduleRef.close();
    await new Promise((resolve) => setTimeout(resolve, 100)); // the task run finishes in the background

    for (const spy of watched) expect(spy).not.toHaveBeenCalled();
  });
});
