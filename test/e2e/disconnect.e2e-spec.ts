import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { abortProbe, basicModule } from '../fixtures/basic.fixture.js';
import { startApp, type RunningApp } from '../helpers/app.js';
import { connect } from '../helpers/clients.js';
import { initializeBody, message, openSession, post, sessionHeaders } from '../helpers/raw-http.js';
import { waitFor } from '../helpers/wait.js';

const callWait = { jsonrpc: '2.0', id: 9, method: 'tools/call', params: { name: 'waitForAbort', arguments: {} } };

describe.each([
  ['2025 session', {}],
  ['2025 stateless', { stateless: true }],
] as const)('cancellation on client disconnect (%s)', (_name, options) => {
  let server: RunningApp;

  beforeAll(async () => {
    server = await startApp(basicModule(options));
  });
  afterAll(() => server.close());

  it('aborts ctx.signal when the client drops the request', async () => {
    const headers = 'stateless' in options ? { 'mcp-protocol-version': '2025-11-25' } : sessionHeaders(await openSession(server.url));
    const before = { ...abortProbe };
    const controller = new AbortController();
    const pending = fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
      body: JSON.stringify(callWait),
      signal: controller.signal,
    }).then((response) => response.text());
    await waitFor(() => abortProbe.started > before.started);
    controller.abort();
    await expect(pending).rejects.toThrow();
    await waitFor(() => abortProbe.aborted > before.aborted);
  });
});

describe('cancellation with notifications/cancelled', () => {
  let server: RunningApp;

  beforeAll(async () => {
    server = await startApp(basicModule());
  });
  afterAll(() => server.close());

  it.each(['v1', 'v2-legacy', 'v2-modern'] as const)('aborts ctx.signal when the %s client cancels', async (kind) => {
    const client = await connect(kind, server.url);
    const before = { ...abortProbe };
    const controller = new AbortController();
    const call = client.callTool('waitForAbort', {}, { signal: controller.signal });
    await waitFor(() => abortProbe.started > before.started);
    controller.abort();
    await expect(call).rejects.toThrow();
    await waitFor(() => abortProbe.aborted > before.aborted);
    await client.close();
  });
});

describe('older 2025 protocol revisions', () => {
  let server: RunningApp;

  beforeAll(async () => {
    server = await startApp(basicModule());
  });
  afterAll(() => server.close());

  it.each(['2025-06-18', '2025-03-26'])('negotiates %s and serves calls on it', async (version) => {
    const init = await post(server.url, initializeBody(1, version));
    expect((await message(init)).result.protocolVersion).toBe(version);
    const sessionId = init.headers.get('mcp-session-id')!;
    const headers = { 'mcp-session-id': sessionId, 'mcp-protocol-version': version };
    await post(server.url, { jsonrpc: '2.0', method: 'notifications/initialized' }, headers).then((r) => r.text());
    const call = await post(server.url, { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'add', arguments: { a: 20, b: 22 } } }, headers);
    expect((await message(call)).result.content[0].text).toBe('42');
  });
});
