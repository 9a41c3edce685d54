import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { Client as ClientV2, discoverOAuthProtectedResourceMetadata, InsufficientScopeError, StreamableHTTPClientTransport as HttpTransportV2 } from '@modelcontextprotocol/client';
import { Global, Injectable, Module, type Type } from '@nestjs/common';
import {
  AuthorizationServerUnavailableError,
  InvalidTokenError,
  jwtVerifier,
  RequireScopes,
  Tool,
  type McpAuthOptions,
  type McpTokenVerificationContext,
  type McpTokenVerifier,
  type McpVerifiedToken,
} from 'nestjs-mcp';
import { authModule } from '../fixtures/auth.fixture.js';
import { startApp, type RunningApp } from '../helpers/app.js';
import { connect } from '../helpers/clients.js';
import { LogCapture } from '../helpers/hostile.js';
import { parseChallenge, scopeSet, tamper, TestIssuer, type MintOptions } from '../helpers/jwt-issuer.js';
import { freePort } from '../helpers/ports.js';
import { ACCEPT_BOTH, initializeBody, message, post } from '../helpers/raw-http.js';

/*
 * The MCP endpoint as an OAuth 2.1 protected resource, tested over the wire: raw HTTP for what clients never send, the
 * v1 and v2 SDK clients for the happy paths. Tokens come from TestIssuer (jose keys, a JWKS on a loopback port). The
 * numbers in the test names are the items of the checklist in auth-notes.md §8.
 */

const PRM = '/.well-known/oauth-protected-resource';
const now = () => Math.floor(Date.now() / 1000);

/** Counts its calls: proves a refused request never reached a handler. */
@Injectable()
class Probe {
  static calls = 0;

  @Tool({ description: 'Counts its calls (needs notes:read)' })
  @RequireScopes('notes:read')
  probe() {
    Probe.calls++;
    return 'probed';
  }
}

/** The fixture app plus the Probe tool (discovered from any module). */
function withProbe(module: Type<unknown>): Type<unknown> {
  @Module({ imports: [module], providers: [Probe] })
  class ProbedModule {}
  return ProbedModule;
}

/** Nest's logger is process-wide: one capture for every app of this file. */
const logs = new LogCapture();

interface Server {
  running: RunningApp;
  /** The MCP endpoint (`resourceUrl`). */
  url: URL;
  /** The protected resource metadata URL (path form), as challenges must name it. */
  prm: string;
}

/** Starts `module(resourceUrl)` on a port chosen first, so its `resourceUrl` can name it. */
async function serve(module: (resourceUrl: string) => Type<unknown>, options: { prefix?: string; path?: string } = {}): Promise<Server> {
  const port = await freePort();
  const path = options.path ?? '/mcp';
  const resourceUrl = `http://127.0.0.1:${port}${path}`;
  const running = await startApp(module(resourceUrl), {
    port,
    path,
    configure: (app) => {
      app.useLogger(logs);
      if (options.prefix) app.setGlobalPrefix(options.prefix);
    },
  });
  return { running, url: new URL(resourceUrl), prm: `http://127.0.0.1:${port}${PRM}${path}` };
}

function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

const callBody = (name: string, args: Record<string, unknown> = {}, id: number | string = 1) => ({
  jsonrpc: '2.0',
  id,
  method: 'tools/call',
  params: { name, arguments: args },
});

const MODERN_META = {
  'io.modelcontextprotocol/protocolVersion': '2026-07-28',
  'io.modelcontextprotocol/clientInfo': { name: 'raw', version: '1.0.0' },
  'io.modelcontextprotocol/clientCapabilities': {},
};

/** One 2026-07-28 request (envelope and routing headers), with whatever extra headers (Authorization...). */
function modern(url: URL, method: string, params: Record<string, unknown>, headers: Record<string, string> = {}, id: number | string = 1): Promise<Response> {
  const name = method === 'resources/read' ? params.uri : params.name;
  return post(
    url,
    { jsonrpc: '2.0', id, method, params: { ...params, _meta: MODERN_META } },
    { 'mcp-protocol-version': '2026-07-28', 'mcp-method': method, ...(name === undefined ? {} : { 'mcp-name': String(name) }), ...headers },
  );
}

/** Opens a 2025-11-25 session with this Authorization (or none) and returns its id. */
async function openSession(url: URL, headers: Record<string, string>): Promise<string> {
  const response = await post(url, initializeBody(), headers);
  const sessionId = response.headers.get('mcp-session-id');
  const text = await response.text();
  if (!sessionId) throw new Error(`no session id (HTTP ${response.status}): ${text}`);
  await post(url, { jsonrpc: '2.0', method: 'notifications/initialized' }, { ...headers, 'mcp-session-id': sessionId, 'mcp-protocol-version': '2025-11-25' }).then((r) => r.text());
  return sessionId;
}

function onSession(url: URL, sessionId: string, body: unknown, headers: Record<string, string>): Promise<Response> {
  return post(url, body, { ...headers, 'mcp-session-id': sessionId, 'mcp-protocol-version': '2025-11-25' });
}

/** A refusal as a client sees it: status, content type, the parsed challenge (if any) and the JSON-RPC body. */
async function refusal(response: Response) {
  const text = await response.text();
  const header = response.headers.get('www-authenticate');
  const challenge = header === null ? undefined : parseChallenge(header);
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    scheme: challenge?.scheme,
    params: challenge ? normalised(challenge.params) : undefined,
    body: JSON.parse(text) as { jsonrpc: string; id?: unknown; error: { code: number; message: string } },
    text,
  };
}

/** Challenge parameters with `scope` sorted (its order carries no meaning). */
function normalised(params: Record<string, string>): Record<string, string> {
  return params.scope === undefined ? params : { ...params, scope: scopeSet(params.scope).join(' ') };
}

/** A scope parameter as `refusal()` normalises it: sorted, space-separated. */
const scopes = (...list: string[]) => [...list].sort().join(' ');

/** The JSON a `whoami` call answered. */
function whoamiOf(result: { content: { type: string; text?: string }[] }) {
  return JSON.parse(result.content[0].text!);
}

describe('the MCP endpoint as an OAuth protected resource (jwtVerifier against a local issuer)', () => {
  let issuer: TestIssuer;
  let server: Server;
  let prefixed: Server;
  let gated: Server;
  /** Every token minted in this block, to look for in logs and in what the issuer received. */
  const minted: string[] = [];

  async function mint(options: MintOptions = {}): Promise<string> {
    const token = await issuer.mint(options);
    minted.push(token);
    return token;
  }

  beforeAll(async () => {
    issuer = await TestIssuer.start();
    const base = (resourceUrl: string): McpAuthOptions => ({
      resourceUrl,
      verifier: jwtVerifier({ issuer: issuer.issuer }),
      scopeHierarchy: { 'notes:admin': ['notes:read', 'notes:write'] },
    });
    server = await serve((resourceUrl) => withProbe(authModule(base(resourceUrl))));
    issuer.audience = server.url.href;
    prefixed = await serve(
      (resourceUrl) =>
        authModule({ ...base(resourceUrl), scopesSupported: ['notes:read', 'notes:write', 'offline_access'], resourceName: 'Notes API', resourceDocumentation: 'https://docs.example/notes' }),
      { prefix: 'api', path: '/api/mcp' },
    );
    gated = await serve((resourceUrl) => authModule({ ...base(resourceUrl), requiredScopes: ['mcp'], hideForbidden: true }));
  });
  afterAll(async () => {
    await Promise.all([server?.running.close(), prefixed?.running.close(), gated?.running.close()]);
    await issuer?.stop();
  });

  describe('1. protected resource metadata (RFC 9728)', () => {
    it('serves the path form and the root form: resource, the issuer, scopes without offline_access, header only', async () => {
      for (const url of [server.prm, `${server.url.origin}${PRM}`]) {
        const response = await fetch(url);
        expect(response.status).toBe(200);
        expect(response.headers.get('content-type')).toMatch(/^application\/json/);
        expect(response.headers.get('access-control-allow-origin')).toBe('*');
        const metadata = (await response.json()) as Record<string, unknown>;
        expect({ ...metadata, scopes_supported: [...(metadata.scopes_supported as string[])].sort() }).toEqual({
          resource: server.url.href,
          authorization_servers: [issuer.issuer],
          scopes_supported: ['billing', 'notes:read', 'notes:write'],
          bearer_methods_supported: ['header'],
          resource_name: 'notes',
        });
      }
      expect((await fetch(`${server.url.origin}${PRM}/other`)).status).toBe(404);
      expect((await fetch(`${server.url.origin}${PRM}/mcp/extra`)).status).toBe(404);
    });

    it('is what the v2 client discovers from the server URL', async () => {
      const metadata = await discoverOAuthProtectedResourceMetadata(server.url);
      expect(metadata.resource).toBe(server.url.href);
      expect(metadata.authorization_servers).toEqual([issuer.issuer]);
    });

    it('stays at the host root under a global prefix, names the prefixed path, and never lists offline_access', async () => {
      expect(prefixed.prm).toBe(`${prefixed.url.origin}${PRM}/api/mcp`);
      for (const url of [prefixed.prm, `${prefixed.url.origin}${PRM}`]) {
        const response = await fetch(url);
        expect(response.status).toBe(200);
        expect(await response.json()).toEqual({
          resource: `${prefixed.url.origin}/api/mcp`,
          authorization_servers: [issuer.issuer],
          scopes_supported: ['notes:read', 'notes:write'],
          bearer_methods_supported: ['header'],
          resource_name: 'Notes API',
          resource_documentation: 'https://docs.example/notes',
        });
      }
      expect((await fetch(`${prefixed.url.origin}/api${PRM}/api/mcp`)).status).toBe(404);
      expect((await fetch(`${prefixed.url.origin}${PRM}/mcp`)).status).toBe(404);

      const refused = await refusal(await post(prefixed.url, callBody('whoami')));
      expect(refused.status).toBe(401);
      expect(refused.params).toEqual({ resource_metadata: prefixed.prm });
      const token = await mint({ aud: prefixed.url.href });
      const answer = await message(await post(prefixed.url, initializeBody(), bearer(token)));
      expect(answer.result.serverInfo.name).toBe('notes');
    });
  });

  describe('2. no token', () => {
    it('answers 401 with resource_metadata (and the scopes the target needs), no error parameter, and runs no handler', async () => {
      const before = Probe.calls;
      const cases: [string, Record<string, unknown>, string | undefined][] = [
        ['whoami', {}, undefined],
        ['probe', {}, 'notes:read'],
        ['write_note', { text: 'x' }, scopes('notes:read', 'notes:write')],
        ['invoice', {}, 'billing'],
      ];
      for (const [name, args, scope] of cases) {
        for (const [era, response] of [
          ['2025', await post(server.url, callBody(name, args, `no-token-${name}`))],
          ['2026', await modern(server.url, 'tools/call', { name, arguments: args }, {}, `no-token-${name}`)],
        ] as const) {
          const refused = await refusal(response);
          expect({ name, era, status: refused.status, contentType: refused.contentType, scheme: refused.scheme, params: refused.params, body: refused.body }).toEqual({
            name,
            era,
            status: 401,
            contentType: expect.stringMatching(/^application\/json/),
            scheme: 'Bearer',
            params: { resource_metadata: server.prm, ...(scope === undefined ? {} : { scope }) },
            body: { jsonrpc: '2.0', id: `no-token-${name}`, error: { code: -32000, message: expect.any(String) } },
          });
        }
      }
      const read = await refusal(await modern(server.url, 'resources/read', { uri: 'notes://secret' }));
      expect([read.status, read.params]).toEqual([401, { resource_metadata: server.prm, scope: 'notes:read' }]);
      const prompt = await refusal(await modern(server.url, 'prompts/get', { name: 'draft' }));
      expect([prompt.status, prompt.params]).toEqual([401, { resource_metadata: server.prm, scope: 'notes:write' }]);
      expect(Probe.calls).toBe(before);
      expect((await message(await modern(server.url, 'tools/call', { name: 'probe', arguments: {} }, bearer(await mint({ scope: 'notes:read' }))))).result.content).toEqual([
        { type: 'text', text: 'probed' },
      ]);
      expect(Probe.calls).toBe(before + 1);
    });

    it('lets an anonymous caller reach @Public() components: `status` and the class-public `prices`, not `invoice`', async () => {
      expect((await message(await modern(server.url, 'tools/call', { name: 'status', arguments: {} }))).result.content).toEqual([{ type: 'text', text: 'up' }]);
      expect((await message(await modern(server.url, 'tools/call', { name: 'prices', arguments: {} }))).result.content).toEqual([{ type: 'text', text: 'prices' }]);
      const invoice = await refusal(await modern(server.url, 'tools/call', { name: 'invoice', arguments: {} }));
      expect([invoice.status, invoice.params]).toEqual([401, { resource_metadata: server.prm, scope: 'billing' }]);
      // 2025-11-25: initialize is not a component; with public components around it passes as anonymous.
      const sessionId = await openSession(server.url, {});
      expect((await message(await onSession(server.url, sessionId, callBody('status'), {}))).result.content).toEqual([{ type: 'text', text: 'up' }]);
      const refused = await refusal(await onSession(server.url, sessionId, callBody('invoice'), {}));
      expect([refused.status, refused.params]).toEqual([401, { resource_metadata: server.prm, scope: 'billing' }]);
    });
  });

  describe('3. bad tokens', () => {
    it('answers 401 invalid_token to each bad token (both eras) and runs no handler', async () => {
      const good = { scope: 'notes:read' };
      const foreignIssuer = await TestIssuer.start({ audience: server.url.href });
      const bad: Record<string, string> = {
        'audience of another resource': await mint({ ...good, aud: 'http://127.0.0.1:1/other-mcp' }),
        'audience of the same host, other path': await mint({ ...good, aud: `${server.url.origin}/mcp2` }),
        'wrong issuer': await mint({ ...good, iss: 'http://127.0.0.1:1' }),
        expired: await mint({ ...good, exp: now() - 120, iat: now() - 3600 }),
        'no exp': await mint({ ...good, omitExp: true }),
        'nbf in the future': await mint({ ...good, nbf: now() + 3600 }),
        'tampered payload': tamper(await mint({ scope: 'profile' }), { scope: 'notes:read notes:write' }),
        'tampered subject': tamper(await mint(good), { sub: 'root' }),
        'signed by another key, same kid': await mint({ ...good, foreignKey: true }),
        'signed by another issuer with its own kid': await foreignIssuer.mint({ ...good, iss: issuer.issuer }),
        'alg none': await mint({ ...good, alg: 'none' }),
        'alg none with the kid of a real key': await mint({ ...good, alg: 'none', kid: issuer.kid() }),
        'HS256 with the public key as secret': await mint({ ...good, alg: 'HS256' }),
        'unknown kid': await mint({ ...good, kid: 'no-such-key' }),
        'not a JWT': 'opaque-token-0123456789',
        'three parts of garbage': 'aaaa.bbbb.cccc',
      };
      await foreignIssuer.stop();
      const before = Probe.calls;
      for (const [name, token] of Object.entries(bad)) {
        for (const [era, response] of [
          ['2025', await post(server.url, callBody('probe', {}, 9), bearer(token))],
          ['2026', await modern(server.url, 'tools/call', { name: 'probe', arguments: {} }, bearer(token), 9)],
        ] as const) {
          const refused = await refusal(response);
          expect({ name, era, status: refused.status, scheme: refused.scheme, params: refused.params, body: refused.body }).toEqual({
            name,
            era,
            status: 401,
            scheme: 'Bearer',
            params: { error: 'invalid_token', error_description: expect.any(String), resource_metadata: server.prm },
            body: { jsonrpc: '2.0', id: 9, error: { code: -32000, message: expect.any(String) } },
          });
          expect(refused.text).not.toContain(token);
        }
      }
      expect(Probe.calls).toBe(before);
    });

    it('accepts the same claims when well signed, with RS256 or ES256 (control)', async () => {
      for (const alg of ['RS256', 'ES256'] as const) {
        const answer = await message(await modern(server.url, 'tools/call', { name: 'probe', arguments: {} }, bearer(await mint({ scope: 'notes:read', alg }))));
        expect({ alg, content: answer.result?.content }).toEqual({ alg, content: [{ type: 'text', text: 'probed' }] });
      }
    });

    it('answers 401 without error to another scheme (Basic), with the scheme name in any case accepted for Bearer', async () => {
      const basic = await refusal(await post(server.url, callBody('whoami', {}, 3), { authorization: `Basic ${Buffer.from('alice:secret').toString('base64')}` }));
      expect([basic.status, basic.scheme, basic.params, basic.body.error.code]).toEqual([401, 'Bearer', { resource_metadata: server.prm }, -32000]);
      // RFC 7235 §2.1: the auth-scheme is case-insensitive.
      const token = await mint({ scope: 'notes:read' });
      const lower = await modern(server.url, 'tools/call', { name: 'whoami', arguments: {} }, { authorization: `bearer ${token}` });
      expect(lower.status).toBe(200);
      expect(whoamiOf((await message(lower)).result).subject).toBe('alice');
    });

    it('answers 400 invalid_request to a malformed Bearer header', async () => {
      const token = await mint({ scope: 'notes:read' });
      for (const authorization of ['Bearer', 'Bearer   ', `Bearer ${token} ${token}`, 'Bearer tok@en', 'Bearer abc=def', 'Bearer "quoted"', `Bearer ${token},`]) {
        const refused = await refusal(await post(server.url, callBody('whoami', {}, 4), { authorization }));
        expect({ authorization, status: refused.status, scheme: refused.scheme, error: refused.params?.error, code: refused.body.error.code, id: refused.body.id }).toEqual({
          authorization,
          status: 400,
          scheme: 'Bearer',
          error: 'invalid_request',
          code: -32000,
          id: 4,
        });
        expect(refused.params?.resource_metadata ?? server.prm).toBe(server.prm);
      }
    });
  });

  describe('4. a token in the query string', () => {
    it('is not looked at: 401 as if there were none, even when the token is valid', async () => {
      const token = await mint({ scope: 'notes:read' });
      const url = new URL(server.url);
      url.searchParams.set('access_token', token);
      const refused = await refusal(await post(url, callBody('whoami', {}, 5)));
      expect([refused.status, refused.scheme, refused.params, refused.body]).toEqual([
        401,
        'Bearer',
        { resource_metadata: server.prm },
        { jsonrpc: '2.0', id: 5, error: { code: -32000, message: expect.any(String) } },
      ]);
      expect(refused.text).not.toContain(token);
    });
  });

  describe('5. scopes the endpoint requires', () => {
    it('answers 403 insufficient_scope to a valid token without them, on any method, and serves one with them', async () => {
      const short = await mint({ aud: gated.url.href, scope: 'notes:read notes:write' });
      const cases: [string, Response, string][] = [
        // 2025-11-25: the scopes granted plus the missing one.
        ['2025 initialize', await post(gated.url, initializeBody(6), bearer(short)), scopes('mcp', 'notes:read', 'notes:write')],
        // 2026-07-28: the scopes the operation needs (a list needs the endpoint's only).
        ['2026 tools/list', await modern(gated.url, 'tools/list', {}, bearer(short), 6), 'mcp'],
      ];
      for (const [name, response, scope] of cases) {
        const refused = await refusal(response);
        expect([name, refused.status, refused.scheme, refused.params, refused.body]).toEqual([
          name,
          403,
          'Bearer',
          { error: 'insufficient_scope', scope, resource_metadata: gated.prm, error_description: expect.any(String) },
          { jsonrpc: '2.0', id: 6, error: { code: -32000, message: expect.any(String) } },
        ]);
      }
      const noToken = await refusal(await modern(gated.url, 'tools/call', { name: 'read_notes', arguments: {} }));
      expect([noToken.status, noToken.params]).toEqual([401, { resource_metadata: gated.prm, scope: scopes('mcp', 'notes:read') }]);
      const enough = await mint({ aud: gated.url.href, scope: 'mcp notes:read' });
      expect((await message(await modern(gated.url, 'tools/call', { name: 'read_notes', arguments: {} }, bearer(enough)))).result.content).toEqual([
        { type: 'text', text: 'note 1, note 2' },
      ]);
    });
    // /tmp/auth-behaviour.md: a 2026-07-28 challenge lists "the scopes this operation needs (endpoint's + component's)";
    // auth-notes.md §2: name them all in ONE challenge. (At 1c5c20c the endpoint-level 403 named `requiredScopes` only,
    // so a token short of both stepped up to "mcp" and was refused again for notes:read.)
    it('2026-07-28: a call refused for the endpoint scope names everything the call needs (endpoint + component) in one challenge', async () => {
      for (const granted of ['profile', 'notes:read']) {
        const token = await mint({ aud: gated.url.href, scope: granted });
        const refused = await refusal(await modern(gated.url, 'tools/call', { name: 'read_notes', arguments: {} }, bearer(token), 7));
        expect({ granted, status: refused.status, error: refused.params?.error, scope: refused.params?.scope }).toEqual({
          granted,
          status: 403,
          error: 'insufficient_scope',
          scope: scopes('mcp', 'notes:read'),
        });
      }
    });
  });

  describe('6. scopes a component requires (step-up)', () => {
    it('2025-11-25: 403 before any stream, scope = granted + missing; tools/list with the same token lists the tool', async () => {
      const token = await mint({ scope: 'notes:read profile' });
      const sessionId = await openSession(server.url, bearer(token));
      const response = await onSession(server.url, sessionId, callBody('write_note', { text: 'hi' }, 'w1'), bearer(token));
      const refused = await refusal(response);
      expect(response.headers.get('mcp-session-id')).toBeNull();
      expect({ ...refused, text: undefined }).toEqual({
        status: 403,
        contentType: expect.stringMatching(/^application\/json/),
        scheme: 'Bearer',
        params: { error: 'insufficient_scope', scope: scopes('notes:read', 'profile', 'notes:write'), resource_metadata: server.prm, error_description: expect.any(String) },
        body: { jsonrpc: '2.0', id: 'w1', error: { code: -32003, message: expect.stringMatching(/^Forbidden:.*notes:write/) } },
        text: undefined,
      });
      const listed = await message(await onSession(server.url, sessionId, { jsonrpc: '2.0', id: 2, method: 'tools/list' }, bearer(token)));
      expect(listed.result.tools.map((tool: { name: string }) => tool.name)).toEqual(expect.arrayContaining(['write_note', 'read_notes', 'invoice', 'purge']));
      // The session still works for what the token may do.
      expect((await message(await onSession(server.url, sessionId, callBody('read_notes', {}, 3), bearer(token)))).result.content).toEqual([
        { type: 'text', text: 'note 1, note 2' },
      ]);
    });

    it('2026-07-28: 403 with scope = what the operation needs (endpoint + component); tools/list lists the tool', async () => {
      const token = await mint({ scope: 'notes:read profile' });
      const response = await modern(server.url, 'tools/call', { name: 'write_note', arguments: { text: 'hi' } }, { ...bearer(token), accept: ACCEPT_BOTH }, 'w2');
      const refused = await refusal(response);
      expect([refused.status, refused.contentType, refused.params, refused.body]).toEqual([
        403,
        expect.stringMatching(/^application\/json/),
        { error: 'insufficient_scope', scope: scopes('notes:read', 'notes:write'), resource_metadata: server.prm, error_description: expect.any(String) },
        { jsonrpc: '2.0', id: 'w2', error: { code: -32003, message: expect.stringMatching(/^Forbidden:.*notes:write/) } },
      ]);
      const listed = await message(await modern(server.url, 'tools/list', {}, bearer(token)));
      expect(listed.result.tools.map((tool: { name: string }) => tool.name)).toEqual(expect.arrayContaining(['write_note', 'read_notes']));

      const gatedToken = await mint({ aud: gated.url.href, scope: 'mcp notes:read profile' });
      const gatedRefusal = await refusal(await modern(gated.url, 'tools/call', { name: 'write_note', arguments: { text: 'hi' } }, bearer(gatedToken)));
      expect([gatedRefusal.status, gatedRefusal.params?.scope]).toEqual([403, scopes('mcp', 'notes:read', 'notes:write')]);
    });

    it('the v2 client (pinned to 2026-07-28, static token) surfaces the challenge as InsufficientScopeError', async () => {
      const token = await mint({ scope: 'notes:read' });
      const client = new ClientV2({ name: 'step-up', version: '1.0.0' }, { versionNegotiation: { mode: { pin: '2026-07-28' } } });
      await client.connect(new HttpTransportV2(server.url, { authProvider: { token: async () => token } }));
      try {
        const error = await client.callTool({ name: 'write_note', arguments: { text: 'x' } }).then(
          () => undefined,
          (caught: unknown) => caught,
        );
        expect(error).toBeInstanceOf(InsufficientScopeError);
        expect(scopeSet((error as InsufficientScopeError).requiredScope)).toEqual(['notes:read', 'notes:write']);
        expect((error as InsufficientScopeError).resourceMetadataUrl?.href).toBe(server.prm);
      } finally {
        await client.close();
      }
    });

    it('hideForbidden: leaves out of tools/list what the token may not call', async () => {
      const token = await mint({ aud: gated.url.href, scope: 'mcp notes:read' });
      const names = (await message(await modern(gated.url, 'tools/list', {}, bearer(token)))).result.tools.map((tool: { name: string }) => tool.name);
      expect(names).toEqual(expect.arrayContaining(['read_notes', 'whoami', 'status', 'prices']));
      expect(names).not.toContain('write_note');
      expect(names).not.toContain('invoice');
      const admin = await mint({ aud: gated.url.href, scope: 'mcp notes:admin billing' });
      const all = (await message(await modern(gated.url, 'tools/list', {}, bearer(admin)))).result.tools.map((tool: { name: string }) => tool.name);
      expect(all).toEqual(expect.arrayContaining(['read_notes', 'write_note', 'invoice']));
    });

    it('guards resources/read and prompts/get the same way', async () => {
      const profile = await mint({ scope: 'profile' });
      const read = await refusal(await modern(server.url, 'resources/read', { uri: 'notes://secret' }, bearer(profile), 'r1'));
      expect([read.status, read.params, read.body.error.code, read.body.id]).toEqual([
        403,
        { error: 'insufficient_scope', scope: 'notes:read', resource_metadata: server.prm, error_description: expect.any(String) },
        -32003,
        'r1',
      ]);
      const readOnly = await mint({ scope: 'notes:read' });
      const prompt = await refusal(await modern(server.url, 'prompts/get', { name: 'draft' }, bearer(readOnly), 'p1'));
      expect([prompt.status, prompt.params?.error, prompt.params?.scope, prompt.body.error.code]).toEqual([403, 'insufficient_scope', 'notes:write', -32003]);
      // 2025-11-25: granted + missing.
      const sessionId = await openSession(server.url, bearer(readOnly));
      const legacyPrompt = await refusal(await onSession(server.url, sessionId, { jsonrpc: '2.0', id: 'p2', method: 'prompts/get', params: { name: 'draft' } }, bearer(readOnly)));
      expect([legacyPrompt.status, legacyPrompt.params?.scope]).toEqual([403, scopes('notes:read', 'notes:write')]);

      const resource = await message(await modern(server.url, 'resources/read', { uri: 'notes://secret' }, bearer(readOnly)));
      expect(resource.result.contents[0]).toMatchObject({ uri: 'notes://secret', text: 'the secret note' });
      const writer = await mint({ scope: 'notes:write' });
      const drafted = await message(await modern(server.url, 'prompts/get', { name: 'draft' }, bearer(writer)));
      expect(drafted.result.messages[0].content).toEqual({ type: 'text', text: 'Draft a note' });
    });

    it('adds class-level scopes to the method, and @Public() overrides the class', async () => {
      const billing = await mint({ scope: 'billing' });
      expect((await message(await modern(server.url, 'tools/call', { name: 'invoice', arguments: {} }, bearer(billing)))).result.content).toEqual([
        { type: 'text', text: 'invoice #1' },
      ]);
      const other = await mint({ scope: 'notes:read' });
      const refused = await refusal(await modern(server.url, 'tools/call', { name: 'invoice', arguments: {} }, bearer(other)));
      expect([refused.status, refused.params?.scope]).toEqual([403, 'billing']);
      expect((await message(await modern(server.url, 'tools/call', { name: 'prices', arguments: {} }, bearer(other)))).result.content).toEqual([
        { type: 'text', text: 'prices' },
      ]);
    });

    it('scopeHierarchy: notes:admin counts as notes:read and notes:write', async () => {
      const admin = await mint({ scope: 'notes:admin' });
      expect((await message(await modern(server.url, 'tools/call', { name: 'write_note', arguments: { text: 'as admin' } }, bearer(admin)))).result.content).toEqual([
        { type: 'text', text: 'saved: as admin' },
      ]);
      const who = whoamiOf((await message(await modern(server.url, 'tools/call', { name: 'whoami', arguments: {} }, bearer(admin)))).result);
      expect([...who.scopes].sort()).toEqual(['notes:admin', 'notes:read', 'notes:write']);
    });

    it('roles and claims: 403 with a JSON-RPC error and no challenge, served when they match', async () => {
      const plain = await mint({ scope: 'notes:read', extraClaims: { roles: ['reader'], tenant: 'globex' } });
      for (const name of ['purge', 'tenant_report']) {
        const response = await modern(server.url, 'tools/call', { name, arguments: {} }, bearer(plain), name);
        expect(response.headers.get('www-authenticate')).toBeNull();
        const refused = await refusal(response);
        expect([refused.status, refused.body]).toEqual([403, { jsonrpc: '2.0', id: name, error: { code: -32003, message: expect.stringMatching(/^Forbidden:/) } }]);
      }
      const admin = await mint({ extraClaims: { roles: ['admin'] } });
      expect((await message(await modern(server.url, 'tools/call', { name: 'purge', arguments: {} }, bearer(admin)))).result.content).toEqual([{ type: 'text', text: 'purged' }]);
      const spaced = await mint({ extraClaims: { roles: 'viewer admin' } });
      expect((await message(await modern(server.url, 'tools/call', { name: 'purge', arguments: {} }, bearer(spaced)))).result.content).toEqual([{ type: 'text', text: 'purged' }]);
      for (const tenant of ['acme', ['globex', 'acme']]) {
        const acme = await mint({ extraClaims: { tenant } });
        expect((await message(await modern(server.url, 'tools/call', { name: 'tenant_report', arguments: {} }, bearer(acme)))).result.content).toEqual([
          { type: 'text', text: 'acme report' },
        ]);
      }
    });
  });

  describe('7. a valid token', () => {
    it('reaches the handler with subject, issuer, clientId, scopes, roles, expiry and resource (raw, both eras)', async () => {
      const exp = now() + 1800;
      const token = await mint({ sub: 'carol', clientId: 'notes-app', scope: 'notes:read profile', exp, extraClaims: { roles: ['editor'] } });
      const expected = {
        subject: 'carol',
        issuer: issuer.issuer,
        clientId: 'notes-app',
        scopes: ['notes:read', 'profile'],
        roles: ['editor'],
        expiresAt: exp,
        resource: server.url.href,
        hasToken: true,
      };
      const modernAnswer = whoamiOf((await message(await modern(server.url, 'tools/call', { name: 'whoami', arguments: {} }, bearer(token)))).result);
      expect({ ...modernAnswer, scopes: [...modernAnswer.scopes].sort() }).toEqual(expected);
      const sessionId = await openSession(server.url, bearer(token));
      const legacy = whoamiOf((await message(await onSession(server.url, sessionId, callBody('whoami'), bearer(token)))).result);
      expect({ ...legacy, scopes: [...legacy.scopes].sort() }).toEqual(expected);
    });

    it('serves the v1 client (2025-11-25, static bearer in requestInit.headers)', async () => {
      const token = await mint({ sub: 'dave', scope: 'notes:read' });
      const client = await connect('v1', server.url, { headers: bearer(token) });
      try {
        expect(client.sessionId()).toBeDefined();
        const who = whoamiOf(await client.callTool('whoami'));
        expect(who).toMatchObject({ subject: 'dave', clientId: 'test-client', scopes: ['notes:read'], resource: server.url.href });
        expect((await client.callTool('read_notes')).content).toEqual([{ type: 'text', text: 'note 1, note 2' }]);
        expect((await client.readResource('notes://secret')).contents[0]).toMatchObject({ text: 'the secret note' });
        expect((await client.listTools()).tools.map((tool) => tool.name)).toContain('write_note');
        await expect(client.callTool('write_note', { text: 'x' })).rejects.toThrow(/403|insufficient_scope|Forbidden/);
      } finally {
        await client.close();
      }
    });

    it('serves the v2 client on both eras (requestInit headers on 2025-11-25, an authProvider on 2026-07-28)', async () => {
      const token = await mint({ sub: 'erin', scope: 'notes:read notes:write' });
      const legacy = await connect('v2-legacy', server.url, { headers: bearer(token) });
      try {
        expect(whoamiOf(await legacy.callTool('whoami'))).toMatchObject({ subject: 'erin', resource: server.url.href });
        expect((await legacy.callTool('write_note', { text: 'v2 legacy' })).content).toEqual([{ type: 'text', text: 'saved: v2 legacy' }]);
      } finally {
        await legacy.close();
      }
      let asked = 0;
      const client = new ClientV2({ name: 'modern', version: '1.0.0' }, { versionNegotiation: { mode: { pin: '2026-07-28' } } });
      const transport = new HttpTransportV2(server.url, { authProvider: { token: async () => (asked++, token) } });
      await client.connect(transport);
      try {
        expect(transport.sessionId).toBeUndefined();
        const who = whoamiOf((await client.callTool({ name: 'whoami', arguments: {} })) as never);
        expect(who).toMatchObject({ subject: 'erin', scopes: ['notes:read', 'notes:write'], resource: server.url.href });
        expect((await client.callTool({ name: 'write_note', arguments: { text: 'v2 modern' } })).content).toEqual([{ type: 'text', text: 'saved: v2 modern' }]);
        expect((await client.getPrompt({ name: 'draft' })).messages).toHaveLength(1);
        expect(asked).toBeGreaterThanOrEqual(3);
      } finally {
        await client.close();
      }
    });
  });

  describe('8. sessions and the principal', () => {
    it("2025-11-25: a session opened by alice refuses bob's valid token (404) and a request without a token (401)", async () => {
      const alice = await mint({ sub: 'alice', scope: 'notes:read' });
      const bob = await mint({ sub: 'bob', scope: 'notes:read' });
      const sessionId = await openSession(server.url, bearer(alice));
      const asBob = await onSession(server.url, sessionId, callBody('whoami', {}, 'b'), bearer(bob));
      expect([asBob.status, await asBob.json()]).toEqual([404, { jsonrpc: '2.0', id: 'b', error: { code: -32001, message: 'Session not found' } }]);
      const asBobList = await onSession(server.url, sessionId, { jsonrpc: '2.0', id: 'l', method: 'tools/list' }, bearer(bob));
      expect(asBobList.status).toBe(404);
      const anonymous = await refusal(await onSession(server.url, sessionId, callBody('whoami', {}, 'a'), {}));
      expect([anonymous.status, anonymous.params]).toEqual([401, { resource_metadata: server.prm }]);
      const bad = await refusal(await onSession(server.url, sessionId, callBody('whoami', {}, 'x'), bearer(tamper(alice, { sub: 'bob' }))));
      expect([bad.status, bad.params?.error]).toEqual([401, 'invalid_token']);
      // A new token of alice's (another jti) still opens her session: bound to the principal, not to the token.
      const aliceAgain = await mint({ sub: 'alice', scope: 'notes:read' });
      expect(whoamiOf((await message(await onSession(server.url, sessionId, callBody('whoami'), bearer(aliceAgain)))).result).subject).toBe('alice');
    });

    it('2026-07-28: never answers with Mcp-Session-Id, and ignores one sent', async () => {
      const alice = await mint({ sub: 'alice', scope: 'notes:read' });
      const bob = await mint({ sub: 'bob', scope: 'notes:read' });
      const sessionId = await openSession(server.url, bearer(alice));
      for (const headers of [bearer(bob), { ...bearer(bob), 'mcp-session-id': sessionId }]) {
        const response = await modern(server.url, 'tools/call', { name: 'whoami', arguments: {} }, headers);
        expect(response.status).toBe(200);
        expect(response.headers.get('mcp-session-id')).toBeNull();
        expect(whoamiOf((await message(response)).result).subject).toBe('bob');
      }
      const listed = await modern(server.url, 'tools/list', {}, bearer(alice));
      expect(listed.headers.get('mcp-session-id')).toBeNull();
    });
  });

  describe('9. Origin', () => {
    it('refuses a forged Origin with 403 before looking at the token; serves no Origin', async () => {
      const token = await mint({ scope: 'notes:read' });
      const forged: Record<string, string>[] = [{ origin: 'http://evil.example', ...bearer(token) }, { origin: 'http://evil.example' }, { origin: 'http://evil.example', authorization: 'Bearer bad' }];
      for (const headers of forged) {
        const response = await modern(server.url, 'tools/call', { name: 'read_notes', arguments: {} }, headers);
        expect(response.status).toBe(403);
        expect(response.headers.get('www-authenticate')).toBeNull();
        expect((await message(response)).error).toMatchObject({ code: -32000, message: 'Forbidden: Origin not allowed: http://evil.example' });
      }
      expect((await modern(server.url, 'tools/call', { name: 'read_notes', arguments: {} }, bearer(token))).status).toBe(200);
    });
  });

  describe('10. the token stays with the server', () => {
    it('is never echoed in a response, never logged, and never sent to the issuer', async () => {
      const valid = await mint({ scope: 'notes:read' });
      const expired = await mint({ scope: 'notes:read', exp: now() - 600 });
      const wrongAudience = await mint({ scope: 'notes:read', aud: 'http://elsewhere.example/mcp' });
      const sessionId = await openSession(server.url, bearer(valid));
      const exchanges: [string, Promise<Response>][] = [
        [valid, modern(server.url, 'tools/call', { name: 'write_note', arguments: { text: 'x' } }, bearer(valid))],
        [valid, modern(server.url, 'tools/call', { name: 'purge', arguments: {} }, bearer(valid))],
        [valid, modern(server.url, 'tools/call', { name: 'noSuchTool', arguments: {} }, bearer(valid))],
        [valid, onSession(server.url, sessionId, callBody('write_note', { text: 'x' }), bearer(valid))],
        [valid, post(server.url, callBody('whoami'), { authorization: `Bearer ${valid} ${valid}` })],
        [valid, post(server.url, callBody('whoami'), { authorization: `Bearer ${valid}!` })],
        [expired, modern(server.url, 'tools/call', { name: 'whoami', arguments: {} }, bearer(expired))],
        [wrongAudience, modern(server.url, 'tools/call', { name: 'whoami', arguments: {} }, bearer(wrongAudience))],
        [valid, modern(server.url, 'tools/call', { name: 'whoami', arguments: {} }, bearer(valid))],
      ];
      for (const [token, pending] of exchanges) {
        const response = await pending;
        const text = await response.text();
        expect(text).not.toContain(token);
        expect(text).not.toContain(token.split('.')[2]);
        for (const [name, value] of response.headers) expect({ name, leaks: value.includes(token.split('.')[2]) }).toEqual({ name, leaks: false });
      }
      // Everything minted in this block, whatever it was used for.
      for (const token of minted) {
        const signature = token.split('.')[2] || token;
        for (const entry of logs.entries) expect(entry.message).not.toContain(signature);
        for (const request of issuer.received) expect(JSON.stringify(request)).not.toContain(signature);
      }
      for (const request of issuer.received) expect(request.headers.authorization).toBeUndefined();
      expect(issuer.received.length).toBeGreaterThan(0);
    });
  });

  afterEach(() => {
    expect(logs.errors()).toEqual([]);
  });
});

describe('12. the JWKS: an unknown-kid flood, an issuer that is down, key rotation', () => {
  it('answers 100 tokens with random unknown kids 401 each, fetching the JWKS at most once per cooldown', async () => {
    const issuer = await TestIssuer.start();
    const server = await serve((resourceUrl) => authModule({ resourceUrl, verifier: jwtVerifier({ issuer: issuer.issuer }) }));
    issuer.audience = server.url.href;
    try {
      const valid = await issuer.mint({ scope: 'notes:read' });
      expect((await modern(server.url, 'tools/call', { name: 'read_notes', arguments: {} }, bearer(valid))).status).toBe(200);
      const fetchesBefore = issuer.count('/jwks');
      expect(fetchesBefore).toBe(1);
      const tokens = await Promise.all(Array.from({ length: 100 }, (_, i) => issuer.mint({ scope: 'notes:read', kid: `flood-${i}-${Math.random().toString(36).slice(2)}`, foreignKey: true })));
      for (let batch = 0; batch < tokens.length; batch += 25) {
        const answers = await Promise.all(tokens.slice(batch, batch + 25).map((token) => modern(server.url, 'tools/call', { name: 'read_notes', arguments: {} }, bearer(token)).then(refusal)));
        for (const answer of answers) expect([answer.status, answer.params?.error]).toEqual([401, 'invalid_token']);
      }
      expect(issuer.count('/jwks') - fetchesBefore).toBeLessThanOrEqual(1);
      expect(issuer.count('/.well-known/oauth-authorization-server')).toBe(1);
      // The known key still verifies during the flood's cooldown.
      expect((await modern(server.url, 'tools/call', { name: 'read_notes', arguments: {} }, bearer(await issuer.mint({ scope: 'notes:read' })))).status).toBe(200);
    } finally {
      await server.running.close();
      await issuer.stop();
    }
  });

  it('answers 503 with retry-after while the issuer is down, and recovers when it is back', async () => {
    const issuer = await TestIssuer.start();
    const server = await serve((resourceUrl) =>
      authModule({ resourceUrl, verifier: jwtVerifier({ issuer: issuer.issuer, jwks: { cooldownMs: 200, timeoutMs: 1_000 } }) }),
    );
    issuer.audience = server.url.href;
    try {
      const token = await issuer.mint({ scope: 'notes:read' });
      await issuer.stop();
      const response = await modern(server.url, 'tools/call', { name: 'read_notes', arguments: {} }, bearer(token), 'down');
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
      const body = await response.json();
      expect(body).toEqual({ jsonrpc: '2.0', id: 'down', error: { code: -32000, message: expect.any(String) } });
      expect(JSON.stringify(body)).not.toContain(token);

      await issuer.restart();
      await new Promise((resolve) => setTimeout(resolve, 250));
      const again = await modern(server.url, 'tools/call', { name: 'read_notes', arguments: {} }, bearer(token));
      expect(again.status).toBe(200);
      expect((await message(again)).result.content).toEqual([{ type: 'text', text: 'note 1, note 2' }]);
    } finally {
      await server.running.close();
      await issuer.stop();
    }
  });

  it('accepts a token of a rotated-in key once the JWKS has changed, and refuses the retired key', async () => {
    const issuer = await TestIssuer.start();
    const server = await serve((resourceUrl) => authModule({ resourceUrl, verifier: jwtVerifier({ issuer: issuer.issuer, jwks: { cooldownMs: 100 } }) }));
    issuer.audience = server.url.href;
    const call = (token: string) => modern(server.url, 'tools/call', { name: 'read_notes', arguments: {} }, bearer(token));
    try {
      const oldKid = issuer.kid();
      expect((await call(await issuer.mint({ scope: 'notes:read' }))).status).toBe(200);
      const oldKeyToken = await issuer.mint({ scope: 'notes:read' });
      const newKid = await issuer.rotate('RS256');
      expect(newKid).not.toBe(oldKid);
      await new Promise((resolve) => setTimeout(resolve, 150));
      const fresh = await call(await issuer.mint({ scope: 'notes:read' }));
      expect(fresh.status).toBe(200);
      expect(issuer.count('/jwks')).toBe(2);
      await new Promise((resolve) => setTimeout(resolve, 150));
      const retired = await refusal(await call(oldKeyToken));
      expect([retired.status, retired.params?.error]).toEqual([401, 'invalid_token']);
    } finally {
      await server.running.close();
      await issuer.stop();
    }
  });
});

/** Another provider, injected into the verifier: proves the verifier class is built by Nest's DI. */
@Injectable()
class TokenBook {
  readonly asked: { token: string; resourceUrl: string }[] = [];
  readonly entries = new Map<string, { sub: string; scopes: string[] }>([
    ['book-alice', { sub: 'alice', scopes: ['notes:read'] }],
    ['book-bob', { sub: 'bob', scopes: [] }],
  ]);
}

@Global()
@Module({ providers: [TokenBook], exports: [TokenBook] })
class TokenBookModule {}

@Injectable()
class BookVerifier implements McpTokenVerifier {
  readonly issuer = 'https://book.example';

  constructor(private readonly book: TokenBook) {}

  async verify(token: string, context: McpTokenVerificationContext): Promise<McpVerifiedToken> {
    this.book.asked.push({ token, resourceUrl: context.resourceUrl });
    if (token === 'book-down') throw new AuthorizationServerUnavailableError('the token book is closed');
    const entry = this.book.entries.get(token);
    if (!entry) throw new InvalidTokenError('not in the token book');
    return {
      subject: entry.sub,
      issuer: this.issuer,
      clientId: 'book-client',
      scopes: entry.scopes,
      expiresAt: now() + 600,
      audience: [context.resourceUrl],
      claims: { sub: entry.sub, iss: this.issuer },
    };
  }
}

describe('a verifier class of your own, built by Nest DI', () => {
  let server: Server;

  beforeAll(async () => {
    server = await serve((resourceUrl) => {
      @Module({ imports: [TokenBookModule, authModule({ resourceUrl, verifier: BookVerifier })] })
      class BookApp {}
      return BookApp;
    });
  });
  afterAll(() => server.running.close());

  it('serves its tokens, answers InvalidTokenError with 401 and AuthorizationServerUnavailableError with 503', async () => {
    const book = server.running.app.get(TokenBook);
    const ok = await modern(server.url, 'tools/call', { name: 'whoami', arguments: {} }, bearer('book-alice'));
    expect(whoamiOf((await message(ok)).result)).toMatchObject({ subject: 'alice', issuer: 'https://book.example', clientId: 'book-client', scopes: ['notes:read'] });
    expect(book.asked).toEqual([{ token: 'book-alice', resourceUrl: server.url.href }]);

    const invalid = await refusal(await modern(server.url, 'tools/call', { name: 'whoami', arguments: {} }, bearer('book-mallory')));
    expect([invalid.status, invalid.params]).toEqual([
      401,
      { error: 'invalid_token', error_description: 'not in the token book', resource_metadata: server.prm },
    ]);
    const down = await modern(server.url, 'tools/call', { name: 'whoami', arguments: {} }, bearer('book-down'), 'd');
    expect(down.status).toBe(503);
    expect(down.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
    expect(await down.json()).toEqual({ jsonrpc: '2.0', id: 'd', error: { code: -32000, message: expect.any(String) } });

    const short = await refusal(await modern(server.url, 'tools/call', { name: 'read_notes', arguments: {} }, bearer('book-bob')));
    expect([short.status, short.params?.error, short.params?.scope]).toEqual([403, 'insufficient_scope', 'notes:read']);
    const metadata = (await (await fetch(server.prm)).json()) as { authorization_servers: string[] };
    expect(metadata.authorization_servers).toEqual(['https://book.example']);
  });
});
