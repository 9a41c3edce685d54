import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { json, refusal } from '../../../../../test/helpers/verifier-replies.js';
import { introspectionVerifier, type IntrospectionVerifierOptions } from './introspection-verifier.js';

const RESOURCE = 'https://mcp.example.com/mcp';
const context = { resourceUrl: RESOURCE };
const CLIENT_ID = 'mcp server:1';
const CLIENT_SECRET = 'p@ss:w/rd+ é';

interface SeenRequest {
  readonly method?: string;
  readonly path: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

/** An authorization server whose introspection answer is chosen by the (opaque) token itself. */
class FakeIntrospectionServer {
  readonly seen: SeenRequest[] = [];
  readonly routes = new Map<string, (response: ServerResponse) => void>();
  answers: Record<string, (response: ServerResponse) => void> = {};
  base = '';
  private server?: Server;

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      let body = '';
      request.setEncoding('utf8');
      request.on('data', (chunk: string) => (body += chunk));
      request.on('end', () => {
        const path = new URL(request.url ?? '/', this.base).pathname;
        this.seen.push({ method: request.method, path, headers: request.headers, body });
        const token = new URLSearchParams(body).get('token') ?? '';
        const route = path === '/introspect' ? this.answers[token] : this.routes.get(path);
        if (route) route(response);
        else response.writeHead(404).end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }
}

describe('introspectionVerifier', () => {
  const as = new FakeIntrospectionServer();
  let issuer: string;
  const exp = Math.floor(Date.now() / 1000) + 300;

  beforeAll(async () => {
    await as.start();
    issuer = `${as.base}/as`;
  });

  beforeEach(() => {
    as.seen.length = 0;
    as.routes.clear();
    const active = (extra: Record<string, unknown> = {}) => (response: ServerResponse) =>
      json(response, { active: true, scope: 'notes:read notes:write', client_id: 'notes-app', sub: 'alice', iss: issuer, aud: RESOURCE, exp, ...extra });
    as.answers = {
      'active-token': active(),
      'array-aud': active({ aud: ['https://other.example', 'https://MCP.example.com/mcp/'] }),
      'inactive-token': (response) => json(response, { active: false }),
      'wrong-aud': active({ aud: 'https://mcp.example.com/other' }),
      'no-aud': active({ aud: undefined }),
      'expired-token': active({ exp: Math.floor(Date.now() / 1000) - 10 }),
      'other-issuer': active({ iss: 'https://evil.example' }),
      'server-error': (response) => json(response, { error: 'server_error' }, 500),
      'slow-token': () => undefined,
      'html-answer': (response) => response.writeHead(200, { 'content-type': 'text/html' }).end('<html>login</html>'),
      'no-active': (response) => json(response, { scope: 'x' }),
    };
  });

  afterAll(() => as.stop());

  const verifier = (options: Partial<IntrospectionVerifierOptions> = {}) =>
    introspectionVerifier({ endpoint: `${as.base}/introspect`, issuer, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, ...options });

  it('accepts an active token and maps the answer', async () => {
    const verified = await verifier().verify('active-token', context);
    expect(verified).toEqual({
      clientId: 'notes-app',
      subject: 'alice',
      issuer,
      scopes: ['notes:read', 'notes:write'],
      expiresAt: exp,
      audience: [RESOURCE],
      claims: expect.objectContaining({ active: true, sub: 'alice' }),
    });
    expect(verifier().issuer).toBe(issuer);
    expect((await verifier().verify('array-aud', context)).audience).toHaveLength(2);
  });

  it('POSTs the token form-encoded with client_secret_basic credentials (RFC 6749 §2.3.1)', async () => {
    await verifier().verify('active-token', context);
    const [request] = as.seen;
    expect(request.method).toBe('POST');
    expect(request.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(request.headers.accept).toBe('application/json');
    expect(Object.fromEntries(new URLSearchParams(request.body))).toEqual({ token: 'active-token', token_type_hint: 'access_token' });
    const encoded = 'mcp+server%3A1:p%40ss%3Aw%2Frd%2B+%C3%A9';
    expect(request.headers.authorization).toBe(`Basic ${Buffer.from(encoded).toString('base64')}`);
    const decoded = Buffer.from(request.headers.authorization!.slice('Basic '.length), 'base64').toString('utf8');
    const [id, secret] = decoded.split(':').map((part) => decodeURIComponent(part.replace(/\+/g, ' ')));
    expect({ id, secret }).toEqual({ id: CLIENT_ID, secret: CLIENT_SECRET });
  });

  it('refuses an inactive token', async () => {
    expect(await refusal(verifier().verify('inactive-token', context))).toEqual({ type: 'invalid', message: 'token is not active' });
  });

  it('refuses an active token for another resource, or without an audience', async () => {
    const expected = { type: 'invalid', message: 'token was not issued for this resource' };
    expect(await refusal(verifier().verify('wrong-aud', context))).toEqual(expected);
    expect(await refusal(verifier().verify('no-aud', context))).toEqual(expected);
    expect(await verifier({ audience: 'https://mcp.example.com/other' }).verify('wrong-aud', context)).toBeDefined();
  });

  it('refuses an active token whose exp has passed', async () => {
    expect(await refusal(verifier().verify('expired-token', context))).toEqual({ type: 'invalid', message: 'token expired' });
  });

  it('refuses an answer naming another issuer when the issuer is set', async () => {
    expect(await refusal(verifier().verify('other-issuer', context))).toEqual({ type: 'invalid', message: 'token issuer is not trusted' });
    expect(await verifier({ issuer: undefined }).verify('other-issuer', context)).toBeDefined();
  });

  it('is unavailable when the server fails, is slow, or does not answer RFC 7662 JSON', async () => {
    expect(await refusal(verifier().verify('server-error', context))).toMatchObject({
      type: 'unavailable',
      message: expect.stringContaining('answered HTTP 500'),
    });
    const started = Date.now();
    expect(await refusal(verifier({ timeoutMs: 300 }).verify('slow-token', context))).toMatchObject({
      type: 'unavailable',
      message: expect.stringContaining('did not answer within 300 ms'),
    });
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(await refusal(verifier().verify('html-answer', context))).toMatchObject({
      type: 'unavailable',
      message: expect.stringContaining('did not answer JSON'),
    });
    expect(await refusal(verifier().verify('no-active', context))).toMatchObject({
      type: 'unavailable',
      message: expect.stringContaining('did not answer an RFC 7662 response'),
    });
  });

  it('refuses hostile token strings without asking the server', async () => {
    for (const token of ['', 'x'.repeat(16 * 1024 + 1), 'two words', 'line\nbreak', 'ünïcode', 'a=b']) {
      expect(await refusal(verifier().verify(token, context))).toMatchObject({ type: 'invalid' });
    }
    expect(as.seen).toHaveLength(0);
  });

  it('discovers the introspection endpoint from the issuer metadata, once', async () => {
    as.routes.set('/.well-known/oauth-authorization-server/as', (response) =>
      json(response, { issuer, introspection_endpoint: `${as.base}/introspect` }),
    );
    const discovering = verifier({ endpoint: undefined });
    expect(await discovering.verify('active-token', context)).toMatchObject({ subject: 'alice' });
    await discovering.verify('active-token', context);
    expect(as.seen.map((request) => request.path)).toEqual(['/.well-known/oauth-authorization-server/as', '/introspect', '/introspect']);
  });

  it('is unavailable when the metadata has no introspection_endpoint', async () => {
    as.routes.set('/.well-known/oauth-authorization-server/as', (response) => json(response, { issuer }));
    expect(await refusal(verifier({ endpoint: undefined }).verify('active-token', context))).toEqual({
      type: 'unavailable',
      message: `the metadata of issuer ${issuer} has no introspection_endpoint`,
    });
  });

  it('needs an endpoint or an issuer, and credentials', () => {
    expect(() => introspectionVerifier({ clientId: 'a', clientSecret: 'b' })).toThrow(TypeError);
    expect(() => introspectionVerifier({ endpoint: 'not a url', clientId: 'a', clientSecret: 'b' })).toThrow(TypeError);
    expect(() => introspectionVerifier({ endpoint: `${as.base}/introspect`, clientId: '', clientSecret: 'b' })).toThrow(TypeError);
    expect(() => verifier({ timeoutMs: -1 })).toThrow(TypeError);
  });
});
