import { connect as tcpConnect } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { Injectable, type Type } from '@nestjs/common';
import { InvalidTokenError, jwtVerifier, type McpAuthOptions, type McpTokenVerificationContext, type McpTokenVerifier, type McpVerifiedToken } from 'nestjs-mcp';
import { authModule } from '../fixtures/auth.fixture.js';
import { startApp, type RunningApp } from '../helpers/app.js';
import { LogCapture } from '../helpers/hostile.js';
import { parseChallenge, TestIssuer } from '../helpers/jwt-issuer.js';
import { freePort } from '../helpers/ports.js';
import { ACCEPT_BOTH, initializeBody, message, post } from '../helpers/raw-http.js';

/*
 * Hostile Authorization headers and bodies against the protected endpoint: every one gets a clear 4xx (400/401, or
 * the HTTP layer's own 400/431 for what Node refuses to parse), nothing hangs or crashes, nothing is logged as an
 * error, and the server answers the next ordinary request.
 */

const logs = new LogCapture();

async function serve(auth: (resourceUrl: string) => McpAuthOptions): Promise<{ running: RunningApp; url: URL; port: number }> {
  const port = await freePort();
  const resourceUrl = `http://127.0.0.1:${port}/mcp`;
  const running = await startApp(authModule(auth(resourceUrl)), { port, configure: (app) => app.useLogger(logs) });
  return { running, url: new URL(resourceUrl), port };
}

const callBody = (name: unknown, args: Record<string, unknown> = {}, id: number | string = 1) => ({ jsonrpc: '2.0', id, method: 'tools/call', params: { name, arguments: args } });

/**
 * One HTTP/1.1 request written byte for byte on a socket (fetch and node:http refuse to send what a hostile client
 * would): resolves with the status of the answer, or 0 when the server closed the connection without one.
 */
function rawRequest(port: number, headerLines: (string | Buffer)[], body: string, timeoutMs = 5_000): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const socket = tcpConnect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      const text = Buffer.concat(chunks).toString('latin1');
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(text);
      resolve({ status: status ? Number(status[1]) : 0, text });
    });
    const head = [
      Buffer.from(`POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nAccept: ${ACCEPT_BOTH}\r\n`),
      Buffer.from(`Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n`),
      ...headerLines.flatMap((line) => [Buffer.isBuffer(line) ? line : Buffer.from(line, 'utf8'), Buffer.from('\r\n')]),
      Buffer.from('\r\n'),
    ];
    socket.end(Buffer.concat([...head, Buffer.from(body)]));
  });
}

/** A 2026-07-28 call (no session needed), with these headers. */
function modernCall(url: URL, name: unknown, headers: Record<string, string>, args: Record<string, unknown> = {}, id: number | string = 1): Promise<Response> {
  const _meta = {
    'io.modelcontextprotocol/protocolVersion': '2026-07-28',
    'io.modelcontextprotocol/clientInfo': { name: 'hostile', version: '1.0.0' },
    'io.modelcontextprotocol/clientCapabilities': {},
  };
  return post(
    url,
    { jsonrpc: '2.0', id, method: 'tools/call', params: { name, arguments: args, _meta } },
    { 'mcp-protocol-version': '2026-07-28', 'mcp-method': 'tools/call', 'mcp-name': String(name), ...headers },
  );
}

describe('hostile Authorization values and bodies', () => {
  let issuer: TestIssuer;
  let server: { running: RunningApp; url: URL; port: number };
  let valid: string;

  /** The server still answers an ordinary authorized call. */
  async function stillServes(): Promise<void> {
    const response = await modernCall(server.url, 'read_notes', { authorization: `Bearer ${valid}` });
    expect(response.status).toBe(200);
    expect((await message(response)).result.content).toEqual([{ type: 'text', text: 'note 1, note 2' }]);
  }

  beforeAll(async () => {
    issuer = await TestIssuer.start();
    server = await serve((resourceUrl) => ({ resourceUrl, verifier: jwtVerifier({ issuer: issuer.issuer }) }));
    issuer.audience = server.url.href;
    valid = await issuer.mint({ scope: 'notes:read' });
  });
  afterAll(async () => {
    await server?.running.close();
    await issuer?.stop();
  });
  afterEach(() => {
    expect(logs.errors()).toEqual([]);
    logs.clear();
  });

  it('answers a token over 8 KiB with 400 invalid_request, and one just under with 401 invalid_token', async () => {
    const over = await post(server.url, callBody('whoami'), { authorization: `Bearer ${'a'.repeat(8 * 1024 + 1)}` });
    expect(over.status).toBe(400);
    expect(parseChallenge(over.headers.get('www-authenticate'))).toMatchObject({ scheme: 'Bearer', params: { error: 'invalid_request' } });
    expect((await message(over)).error.code).toBe(-32000);
    // "Bearer " + 8,185 characters: a header of exactly 8 KiB, a well-formed token that is not a JWT.
    const under = await post(server.url, callBody('whoami'), { authorization: `Bearer ${'a'.repeat(8 * 1024 - 7)}` });
    expect(under.status).toBe(401);
    expect(parseChallenge(under.headers.get('www-authenticate')).params.error).toBe('invalid_token');
    await under.text();
    await stillServes();
  });

  it('answers a 100 KiB Authorization header with 431 (Node, before the app) or 400, and keeps serving', async () => {
    const { status } = await rawRequest(server.port, [`Authorization: Bearer ${'b'.repeat(100 * 1024)}`], JSON.stringify(callBody('whoami')));
    expect([400, 431]).toContain(status);
    await stillServes();
  });

  it('answers non-ASCII tokens with 400 invalid_request, however they are encoded', async () => {
    // Latin-1 bytes through fetch (a ByteString), UTF-8 bytes through a raw socket.
    const latin = await post(server.url, callBody('whoami'), { authorization: 'Bearer t\u00f6k\u00e9n' });
    expect(latin.status).toBe(400);
    expect(parseChallenge(latin.headers.get('www-authenticate')).params.error).toBe('invalid_request');
    await latin.text();
    for (const token of ['tökén€', '🔑🔑🔑', `${valid.slice(0, 20)}\u202e${valid.slice(20)}`]) {
      const { status, text } = await rawRequest(server.port, [`Authorization: Bearer ${token}`], JSON.stringify(callBody('whoami')));
      expect({ token, status }).toEqual({ token, status: 400 });
      expect(text).not.toContain(valid);
    }
    await stillServes();
  });

  it('answers NUL and control characters with a 4xx (the HTTP layer may refuse them first), and keeps serving', async () => {
    const lines = [
      Buffer.concat([Buffer.from('Authorization: Bearer abc'), Buffer.from([0]), Buffer.from('def')]),
      Buffer.concat([Buffer.from('Authorization: Bearer abc'), Buffer.from([0x07, 0x1b]), Buffer.from('def')]),
      Buffer.concat([Buffer.from('Authorization: Bearer '), Buffer.from([0x7f]), Buffer.from(valid)]),
      Buffer.from(`Authorization: Bearer\tabc`),
      Buffer.from(`Authorization: Bearer ${valid}\rX-Injected: 1`),
    ];
    for (const line of lines) {
      const { status } = await rawRequest(server.port, [line], JSON.stringify(callBody('whoami')));
      expect({ line: JSON.stringify(line.toString('latin1').slice(0, 40)), status: status >= 400 && status < 500 }).toEqual({
        line: JSON.stringify(line.toString('latin1').slice(0, 40)),
        status: true,
      });
      await stillServes();
    }
  });

  it('refuses two Authorization headers, or Bearer twice in one, with 400/401 (never as either token alone)', async () => {
    const bob = await issuer.mint({ sub: 'bob', scope: 'notes:read' });
    const body = JSON.stringify(callBody('whoami'));
    const twoHeaders = await rawRequest(server.port, [`Authorization: Bearer ${valid}`, `Authorization: Bearer ${bob}`], body);
    expect([400, 401]).toContain(twoHeaders.status);
    const validThenJunk = await rawRequest(server.port, [`Authorization: Bearer ${valid}`, 'Authorization: Basic Zm9vOmJhcg=='], body);
    expect([400, 401]).toContain(validThenJunk.status);
    for (const authorization of [`Bearer Bearer ${valid}`, `Bearer ${valid}, Bearer ${bob}`, `Bearer ${valid} Bearer ${bob}`]) {
      const response = await post(server.url, callBody('whoami', {}, 2), { authorization });
      expect({ authorization: authorization.slice(0, 20), status: response.status }).toEqual({ authorization: authorization.slice(0, 20), status: 400 });
      expect(parseChallenge(response.headers.get('www-authenticate')).params.error).toBe('invalid_request');
      expect(await response.text()).not.toContain(valid);
    }
    await stillServes();
  });

  it('answers a batch without a token with 401, an initialize smuggled in one included', async () => {
    const batch = await post(server.url, [callBody('whoami', {}, 1), callBody('read_notes', {}, 2)]);
    expect(batch.status).toBe(401);
    expect(parseChallenge(batch.headers.get('www-authenticate')).params.resource_metadata).toBe(`${server.url.origin}/.well-known/oauth-protected-resource/mcp`);
    await batch.text();
    const smuggled = await post(server.url, [initializeBody(1), callBody('read_notes', {}, 2)]);
    expect([400, 401]).toContain(smuggled.status);
    await smuggled.text();
    await stillServes();
  });

  // Only a non-component method passes as anonymous when some component is public (/tmp/auth-behaviour.md). At HEAD
  // 4130d10 a tools/call of an unknown name counted as non-component and passed: 2025 -> 400 "Mcp-Session-Id header is
  // required", 2026-07-28 -> "Unknown tool", so an anonymous caller could tell a protected tool (401) from a missing one.
  it('answers a call of an unknown tool without a token with 401, in both eras', async () => {
    for (const [era, response] of [
      ['2025', await post(server.url, callBody('noSuchTool'))],
      ['2026', await modernCall(server.url, 'noSuchTool', {})],
    ] as const) {
      const text = await response.text();
      expect({ era, status: response.status }).toEqual({ era, status: 401 });
      expect(parseChallenge(response.headers.get('www-authenticate')).params.error).toBeUndefined();
      expect(JSON.parse(text).error.code).toBe(-32000);
    }
    for (const body of [
      { jsonrpc: '2.0', id: 2, method: 'resources/read', params: { uri: 'notes://no-such-note' } },
      { jsonrpc: '2.0', id: 3, method: 'prompts/get', params: { name: 'noSuchPrompt' } },
    ]) {
      const response = await post(server.url, body);
      expect({ method: body.method, status: response.status }).toEqual({ method: body.method, status: 401 });
      await response.text();
    }
    await stillServes();
  });

  it('answers a name that is not a string with an ordinary JSON-RPC error, for a valid token short of scopes', async () => {
    const short = await issuer.mint({ scope: 'profile' });
    for (const name of [5, null, true, {}]) {
      const response = await modernCall(server.url, name, { authorization: `Bearer ${short}` }, {}, 'n');
      expect(response.status).toBeLessThan(500);
      const answer = await message(response);
      expect({ name, id: answer.id, code: answer.error?.code, result: answer.result }).toEqual({ name, id: 'n', code: -32602, result: undefined });
      expect(answer.error.message).toMatch(/name must be a string/);
    }
    // On a 2025-11-25 session too, with names that would read as the scoped tool if taken as text.
    const init = await post(server.url, initializeBody(), { authorization: `Bearer ${short}` });
    const sessionId = init.headers.get('mcp-session-id')!;
    await init.text();
    for (const name of [5, ['write_note'], { name: 'write_note' }]) {
      const legacy = await post(server.url, callBody(name, { text: 'x' }, 'l'), { authorization: `Bearer ${short}`, 'mcp-session-id': sessionId, 'mcp-protocol-version': '2025-11-25' });
      expect(legacy.status).toBeLessThan(500);
      const answer = await message(legacy);
      expect({ name, id: answer.id, error: answer.error, result: answer.result }).toEqual({
        name,
        id: 'l',
        error: { code: -32602, message: expect.stringMatching(/name must be a string/) },
        result: undefined,
      });
    }
    await stillServes();
  });
});

/** A verifier that counts its calls: `good-*` tokens are valid, any other is refused. */
@Injectable()
class CountingVerifier implements McpTokenVerifier {
  static calls = 0;
  readonly issuer = 'https://counting.example';

  async verify(token: string, context: McpTokenVerificationContext): Promise<McpVerifiedToken> {
    CountingVerifier.calls++;
    if (!token.startsWith('good-')) throw new InvalidTokenError('unknown token');
    return { subject: token, scopes: ['notes:read'], expiresAt: Math.floor(Date.now() / 1000) + 600, audience: [context.resourceUrl], claims: { sub: token } };
  }
}

describe('the token cache under a flood of distinct tokens', () => {
  const MAX_ENTRIES = 8;
  let server: { running: RunningApp; url: URL; port: number };

  beforeAll(async () => {
    server = await serve((resourceUrl) => ({ resourceUrl, verifier: CountingVerifier as Type<McpTokenVerifier>, cache: { maxEntries: MAX_ENTRIES, ttlMs: 60_000, negativeTtlMs: 60_000 } }));
  });
  afterAll(() => server?.running.close());

  const call = (token: string) => modernCall(server.url, 'whoami', { authorization: `Bearer ${token}` }).then(async (response) => ({ status: response.status, text: await response.text() }));

  it(`remembers a token it verified, and never more than maxEntries (${MAX_ENTRIES}) of 1,000 distinct bad ones`, async () => {
    CountingVerifier.calls = 0;
    expect((await call('good-first')).status).toBe(200);
    expect((await call('good-first')).status).toBe(200);
    expect(CountingVerifier.calls).toBe(1); // the cache is on: the second request was not verified again
    const bad = Array.from({ length: 1_000 }, (_, i) => `bad-${i}-${Math.random().toString(36).slice(2)}`);
    for (let start = 0; start < bad.length; start += 100) {
      const answers = await Promise.all(bad.slice(start, start + 100).map(call));
      for (const answer of answers) expect(answer.status).toBe(401);
    }
    expect(CountingVerifier.calls).toBe(1 + bad.length);
    // Asked again, at most maxEntries of them can be remembered: the others are verified anew.
    const before = CountingVerifier.calls;
    for (let start = 0; start < bad.length; start += 100) {
      const answers = await Promise.all(bad.slice(start, start + 100).map(call));
      for (const answer of answers) expect(answer.status).toBe(401);
    }
    expect(CountingVerifier.calls - before).toBeGreaterThanOrEqual(bad.length - MAX_ENTRIES);
    // Good tokens obey the same bound.
    const good = Array.from({ length: 3 * MAX_ENTRIES }, (_, i) => `good-${i}`);
    for (const token of good) expect((await call(token)).status).toBe(200);
    const afterGood = CountingVerifier.calls;
    for (const token of good) expect((await call(token)).status).toBe(200);
    expect(CountingVerifier.calls - afterGood).toBeGreaterThanOrEqual(good.length - MAX_ENTRIES);
    expect(logs.errors()).toEqual([]);
  });
});
