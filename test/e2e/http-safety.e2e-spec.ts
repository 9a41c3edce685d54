import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { basicModule } from '../fixtures/basic.fixture.js';
import { startApp, type RunningApp } from '../helpers/app.js';
import { initializeBody, message, openSession, post, postWithHost, sessionHeaders } from '../helpers/raw-http.js';

describe('HTTP endpoint: bad input and safety defaults', () => {
  let server: RunningApp;

  beforeAll(async () => {
    server = await startApp(basicModule({ maxBodyBytes: 2048, session: { maxSessions: 50 } }));
  });
  afterAll(() => server.close());

  it('refuses a forged Origin with 403 and a JSON-RPC error', async () => {
    const response = await post(server.url, initializeBody(), { origin: 'http://evil.example.com' });
    expect(response.status).toBe(403);
    expect((await message(response)).error).toMatchObject({ code: -32000, message: expect.stringMatching(/Origin not allowed/) });
    const nullOrigin = await post(server.url, initializeBody(), { origin: 'null' });
    expect(nullOrigin.status).toBe(403);
  });

  it('refuses a forged Host with 403 (DNS rebinding) and accepts the real one', async () => {
    const forged = await postWithHost(server.url, 'evil.example.com', initializeBody());
    expect(forged.status).toBe(403);
    expect(JSON.parse(forged.body).error.message).toMatch(/Host not allowed/);
    expect((await postWithHost(server.url, `localhost:${server.url.port}`, initializeBody())).status).toBe(200);
    const good = await post(server.url, initializeBody(), { origin: server.origin });
    expect(good.status).toBe(200);
    expect((await message(good)).result.serverInfo.name).toBe('basic');
  });

  it('answers malformed JSON with 400 and a parse error', async () => {
    const response = await post(server.url, '{"jsonrpc": "2.0", "id": 1, "method": ');
    expect(response.status).toBe(400);
    expect((await message(response)).error.code).toBe(-32700);
  });

  it('answers an oversized body with 413', async () => {
    const response = await post(server.url, { ...initializeBody(), padding: 'x'.repeat(4096) });
    expect(response.status).toBe(413);
    expect((await message(response)).error.message).toMatch(/too large/);
  });

  it('answers a wrong content type with 415', async () => {
    const response = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hello' });
    expect(response.status).toBe(415);
  });

  it('answers JSON that is not JSON-RPC with a 4xx JSON-RPC error', async () => {
    const sessionId = await openSession(server.url);
    for (const body of [{ hello: 'world' }, { jsonrpc: '1.0', id: 1, method: 'tools/list' }, [], 42]) {
      const response = await post(server.url, body, sessionHeaders(sessionId));
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
      expect((await message(response)).error.code).toBeLessThan(-32000);
    }
  });

  it('requires a session id after initialize, and 404s an unknown one', async () => {
    const missing = await post(server.url, { jsonrpc: '2.0', id: 2, method: 'tools/list' });
    expect(missing.status).toBe(400);
    expect((await message(missing)).error.message).toMatch(/Mcp-Session-Id/);
    const unknown = await post(server.url, { jsonrpc: '2.0', id: 3, method: 'tools/list' }, sessionHeaders('no-such-session'));
    expect(unknown.status).toBe(404);
    expect(await message(unknown)).toMatchObject({ id: 3, error: { code: -32001, message: 'Session not found' } });
  });

  it('reuses a session, then ends it with DELETE', async () => {
    const sessionId = await openSession(server.url);
    const call = await post(server.url, { jsonrpc: '2.0', id: 5, method: 'tools/call', params: { name: 'add', arguments: { a: 2, b: 3 } } }, sessionHeaders(sessionId));
    expect((await message(call)).result.content[0].text).toBe('5');
    const deleted = await fetch(server.url, { method: 'DELETE', headers: sessionHeaders(sessionId) });
    expect(deleted.status).toBe(200);
    const after = await post(server.url, { jsonrpc: '2.0', id: 6, method: 'tools/list' }, sessionHeaders(sessionId));
    expect(after.status).toBe(404);
  });

  it('rejects an unsupported MCP-Protocol-Version header with 400', async () => {
    const sessionId = await openSession(server.url);
    const response = await post(server.url, { jsonrpc: '2.0', id: 7, method: 'tools/list' }, {
      ...sessionHeaders(sessionId),
      'mcp-protocol-version': '1999-01-01',
    });
    expect(response.status).toBe(400);
  });

  it('answers wrong arguments to a tool as a tool error listing each violation', async () => {
    const sessionId = await openSession(server.url);
    const response = await post(server.url, { jsonrpc: '2.0', id: 8, method: 'tools/call', params: { name: 'add', arguments: { a: 'two' } } }, sessionHeaders(sessionId));
    const reply = await message(response);
    expect(reply.result.isError).toBe(true);
    expect(reply.result.content[0].text).toMatch(/a.*number/);
    expect(reply.result.content[0].text).toMatch(/b/);
  });
});

describe('HTTP endpoint: session limits', () => {
  let server: RunningApp;

  beforeAll(async () => {
    server = await startApp(basicModule({ session: { maxSessions: 2, idleTtlMs: 300 } }));
  });
  afterAll(() => server.close());

  it('answers 503 when the session table is full, and reaps idle sessions', async () => {
    const first = await openSession(server.url);
    await openSession(server.url);
    const full = await post(server.url, initializeBody());
    expect(full.status).toBe(503);
    expect(full.headers.get('retry-after')).toBe('5');
    await new Promise((resolve) => setTimeout(resolve, 1_600));
    const reaped = await post(server.url, { jsonrpc: '2.0', id: 1, method: 'tools/list' }, sessionHeaders(first));
    expect(reaped.status).toBe(404);
    await openSession(server.url);
  });
});

describe('HTTP endpoint: stateless mode and JSON responses', () => {
  let server: RunningApp;

  beforeAll(async () => {
    server = await startApp(basicModule({ stateless: true, responseMode: 'json' }));
  });
  afterAll(() => server.close());

  it('serves 2025-era calls without sessions, as JSON, and refuses GET with 405', async () => {
    const init = await post(server.url, initializeBody());
    expect(init.headers.get('mcp-session-id')).toBeNull();
    expect(init.headers.get('content-type')).toMatch(/application\/json/);
    const call = await post(server.url, { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'add', arguments: { a: 1, b: 1 } } }, {
      'mcp-protocol-version': '2025-11-25',
    });
    expect((await message(call)).result.content[0].text).toBe('2');
    const get = await fetch(server.url, { headers: { accept: 'text/event-stream' } });
    expect(get.status).toBe(405);
  });
});

describe('HTTP endpoint: path, global prefix and versioning', () => {
  it('serves under a custom path below the global prefix', async () => {
    const server = await startApp(basicModule({ path: 'rpc/mcp' }), {
      path: '/api/rpc/mcp',
      configure: (app) => {
        app.setGlobalPrefix('api');
      },
    });
    try {
      const response = await post(server.url, initializeBody());
      expect(response.status).toBe(200);
      expect((await message(response)).result.serverInfo.name).toBe('basic');
    } finally {
      await server.close();
    }
  });
});
