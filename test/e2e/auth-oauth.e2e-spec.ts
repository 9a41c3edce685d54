import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  Client as ClientV2,
  ClientCredentialsProvider,
  InsufficientScopeError,
  StreamableHTTPClientTransport as HttpTransportV2,
  UnauthorizedError,
  type AuthProvider,
  type FetchLike,
  type OAuthClientMetadata,
  type OAuthClientProvider,
  type OAuthDiscoveryState,
  type StoredOAuthTokens,
} from '@modelcontextprotocol/client';
import { StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { Injectable, Module, type CallHandler, type ExecutionContext, type NestInterceptor, type Type } from '@nestjs/common';
import { decodeJwt } from 'jose';
import { introspectionVerifier, jwtVerifier, McpModule, Tool, type McpAuthOptions } from 'nestjs-mcp';
import { authModule, BillingTools, NotesTools } from '../fixtures/auth.fixture.js';
import { startApp, type RunningApp } from '../helpers/app.js';
import { connect, textOf } from '../helpers/clients.js';
import { newSigningKey, OIDC_CLIENTS, startOidcIssuer, type OidcIssuer } from '../helpers/oidc-issuer.js';
import { freePort } from '../helpers/ports.js';
import { message, post, sessionHeaders } from '../helpers/raw-http.js';

// MCP authorization end to end, with real parts only: oidc-provider as the authorization server (in process, on a
// loopback port), the Nest app on a real socket, and the real SDK clients. Checklist numbers: ../shared/auth-notes.md §8.

type Era = 'v2-legacy' | 'v2-modern';
const ERAS: Era[] = ['v2-legacy', 'v2-modern'];
const OTHER_RESOURCE = 'https://other.example/mcp';
const ALL_SCOPES = ['billing', 'notes:read', 'notes:write'];

/** Handler names in the order they ran (a global interceptor sees every component call that reaches its handler). */
const handled: string[] = [];

@Injectable()
class HandlerLog implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler) {
    // Global interceptors also wrap the HTTP controller of the MCP endpoint: only the components' handlers count.
    if (COMPONENT_CLASSES.includes(context.getClass())) handled.push(context.getHandler().name);
    return next.handle();
  }
}

/** An app whose components all need a token (no `@Public()` one): even `initialize` is refused without one. */
@Injectable()
class PrivateTools {
  @Tool({ description: 'Answers pong to a caller with a token' })
  ping() {
    return 'pong';
  }
}

const COMPONENT_CLASSES: Function[] = [NotesTools, BillingTools, PrivateTools];

function privateModule(auth: McpAuthOptions): Type<unknown> {
  @Module({ imports: [McpModule.forRoot({ name: 'private', version: '1.0.0', auth })], providers: [PrivateTools] })
  class PrivateAuthModule {}
  return PrivateAuthModule;
}

/** A loopback URL for the MCP endpoint of an app not yet listening: the `resourceUrl` must name its port. */
async function reserveResourceUrl(): Promise<{ port: number; resourceUrl: string }> {
  const port = await freePort();
  return { port, resourceUrl: `http://127.0.0.1:${port}/mcp` };
}

function startAuthApp(module: Type<unknown>, port: number): Promise<RunningApp> {
  return startApp(module, { port, configure: (app) => void app.useGlobalInterceptors(new HandlerLog()) });
}

function prmUrlOf(resourceUrl: string): string {
  const url = new URL(resourceUrl);
  return `${url.origin}/.well-known/oauth-protected-resource${url.pathname}`;
}

/** One HTTP exchange a client made (the MCP endpoint, and its OAuth discovery and token requests). */
interface Exchange {
  method: string;
  url: string;
  status: number;
  /** The JSON-RPC method of a POST to the MCP endpoint. */
  rpc?: string;
  authorization: string | null;
  wwwAuthenticate: string | null;
}

/** The real fetch, with every exchange noted (the transport's `fetch` option: used for its OAuth requests too). */
function recordingFetch(log: Exchange[]): FetchLike {
  return async (input, init) => {
    const response = await fetch(input, init);
    let rpc: string | undefined;
    if (typeof init?.body === 'string') {
      try {
        rpc = JSON.parse(init.body).method;
      } catch {
        rpc = undefined;
      }
    }
    log.push({
      method: init?.method ?? 'GET',
      url: String(input instanceof Request ? input.url : input),
      status: response.status,
      rpc,
      authorization: new Headers(init?.headers).get('authorization'),
      wwwAuthenticate: response.headers.get('www-authenticate'),
    });
    return response;
  };
}

function newClient(era: Era): ClientV2 {
  return new ClientV2(
    { name: `auth-oauth-${era}`, version: '1.0.0' },
    era === 'v2-modern' ? { versionNegotiation: { mode: { pin: '2026-07-28' } } } : {},
  );
}

async function connectV2(era: Era, url: URL, authProvider: AuthProvider | OAuthClientProvider, log: Exchange[] = []) {
  const client = newClient(era);
  const transport = new HttpTransportV2(url, { authProvider, fetch: recordingFetch(log) });
  await client.connect(transport);
  return { client, transport };
}

/** `Bearer a="1", b="2"` → `{ scheme: 'Bearer', a: '1', b: '2' }`. */
function challengeParams(header: string | null): Record<string, string> {
  expect(header).not.toBeNull();
  const [, scheme, rest] = /^(\S+)\s+(.*)$/.exec(header!)!;
  const params: Record<string, string> = { scheme };
  for (const [, name, value] of rest.matchAll(/([a-z_]+)="([^"]*)"/g)) params[name] = value;
  return params;
}

/** The scopes of a challenge, sorted (the order of a scope list carries no meaning, RFC 6749 §3.3). */
function scopesOf(header: string | null): string[] {
  return challengeParams(header).scope.split(' ').sort();
}

/**
 * A user's browser for the authorization-code flow: `redirectToAuthorization` signs in at the real login page as
 * `login` and grants consent; the redirect back (with `code` and `iss`) is kept for `transport.finishAuth`.
 */
class ScriptedBrowserProvider implements OAuthClientProvider {
  callback?: URL;
  authorizationUrl?: URL;
  private stored?: StoredOAuthTokens;
  private verifier?: string;
  private discovery?: OAuthDiscoveryState;

  constructor(
    private readonly issuer: OidcIssuer,
    private readonly login: string,
  ) {}

  get redirectUrl(): string {
    return OIDC_CLIENTS.app.redirectUri;
  }

  get clientMetadata(): OAuthClientMetadata {
    return {
      client_name: 'auth-oauth e2e',
      redirect_uris: [OIDC_CLIENTS.app.redirectUri],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    };
  }

  /** Pre-registered with the issuer: a public client. */
  clientInformation() {
    return { client_id: OIDC_CLIENTS.app.id };
  }

  tokens() {
    return this.stored;
  }

  saveTokens(tokens: StoredOAuthTokens) {
    this.stored = tokens;
  }

  saveCodeVerifier(verifier: string) {
    this.verifier = verifier;
  }

  codeVerifier() {
    if (!this.verifier) throw new Error('no code verifier saved');
    return this.verifier;
  }

  saveDiscoveryState(state: OAuthDiscoveryState) {
    this.discovery = state;
  }

  discoveryState() {
    return this.discovery;
  }

  async redirectToAuthorization(authorizationUrl: URL) {
    this.authorizationUrl = authorizationUrl;
    this.callback = await this.issuer.authorize(authorizationUrl, this.login);
  }
}

/** A 2026-07-28 `tools/call` sent by hand (no session; every request stands alone). */
function callModern(url: URL, name: string, headers: Record<string, string>, args: Record<string, unknown> = {}, id = 1): Promise<Response> {
  const _meta = {
    'io.modelcontextprotocol/protocolVersion': '2026-07-28',
    'io.modelcontextprotocol/clientInfo': { name: 'raw', version: '1.0.0' },
    'io.modelcontextprotocol/clientCapabilities': {},
  };
  return post(
    url,
    { jsonrpc: '2.0', id, method: 'tools/call', params: { name, arguments: args, _meta } },
    { 'mcp-protocol-version': '2026-07-28', 'mcp-method': 'tools/call', 'mcp-name': name, ...headers },
  );
}

function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

/** Waits until `exp` (seconds since the epoch) has passed. */
async function waitPast(exp: number): Promise<void> {
  const wait = exp * 1000 + 50 - Date.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
}

describe('MCP authorization against a real authorization server (oidc-provider, JWT access tokens)', () => {
  let issuer: OidcIssuer;
  let server: RunningApp;
  let resourceUrl: string;
  let prmUrl: string;
  /** For the app without public components (its own resource indicator, known to the issuer from the start). */
  let privateReserved: { port: number; resourceUrl: string };

  beforeAll(async () => {
    const reserved = await reserveResourceUrl();
    privateReserved = await reserveResourceUrl();
    resourceUrl = reserved.resourceUrl;
    prmUrl = prmUrlOf(resourceUrl);
    issuer = await startOidcIssuer({ resources: [resourceUrl, privateReserved.resourceUrl, OTHER_RESOURCE] });
    server = await startAuthApp(
      authModule({
        resourceUrl,
        verifier: jwtVerifier({ issuer: issuer.issuer, clockToleranceSec: 0 }),
        clockToleranceSec: 0,
      }),
      reserved.port,
    );
  });
  afterAll(async () => {
    await server?.close();
    await issuer?.close();
  });

  it('serves protected resource metadata naming the issuer (checklist 1)', async () => {
    const response = await fetch(prmUrl);
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    const metadata: any = await response.json();
    expect(metadata).toMatchObject({ resource: resourceUrl, authorization_servers: [issuer.issuer], bearer_methods_supported: ['header'] });
    expect([...metadata.scopes_supported].sort()).toEqual(ALL_SCOPES);
    const root = await fetch(new URL('/.well-known/oauth-protected-resource', resourceUrl));
    expect(root.status).toBe(200);
    expect(await root.json()).toEqual(metadata);
  });

  it.each(ERAS)(
    '%s: ClientCredentialsProvider goes from a 401 through discovery to a token for this resource, and whoami sees it (checklist 2, 7, 11)',
    async (era) => {
      const log: Exchange[] = [];
      const provider = new ClientCredentialsProvider({ clientId: OIDC_CLIENTS.m2m.id, clientSecret: OIDC_CLIENTS.m2m.secret, expectedIssuer: issuer.issuer });
      const tokenRequestsBefore = issuer.tokenRequests().length;
      const handledBefore = handled.length;
      const { client } = await connectV2(era, server.url, provider, log);
      try {
        const { tools } = await client.listTools();
        expect(tools.map((tool) => tool.name).sort()).toEqual(['invoice', 'prices', 'purge', 'read_notes', 'status', 'tenant_report', 'whoami', 'write_note']);
        const result = await client.callTool({ name: 'whoami', arguments: {} });

        // The client started without a token; its first refusal named the metadata, which it read, then the AS metadata.
        const firstRefusal = log.findIndex((exchange) => exchange.status === 401);
        expect(firstRefusal).toBeGreaterThanOrEqual(0);
        expect(log.slice(0, firstRefusal + 1).every((exchange) => exchange.authorization === null)).toBe(true);
        // On this fixture initialize and tools/list pass anonymously (it has public tools); whoami is the first to need a token.
        expect(log[firstRefusal]).toMatchObject({ url: server.url.href, rpc: 'tools/call' });
        expect(log[firstRefusal].wwwAuthenticate).toBe(`Bearer resource_metadata="${prmUrl}"`);
        const discovery = log.slice(firstRefusal + 1).map((exchange) => `${exchange.method} ${exchange.url} ${exchange.status}`);
        expect(discovery.slice(0, 3)).toEqual([
          `GET ${prmUrl} 200`,
          `GET ${issuer.issuer}/.well-known/oauth-authorization-server 200`,
          `POST ${issuer.issuer}/token 200`,
        ]);
        // The request that was refused is sent again with the token, and so is everything after it.
        const afterToken = log.slice(firstRefusal + 4);
        expect(afterToken[0]).toMatchObject({ url: server.url.href, rpc: log[firstRefusal].rpc, status: 200 });
        expect(afterToken.every((exchange) => exchange.authorization?.startsWith('Bearer ') && exchange.status < 300)).toBe(true);

        // The token request carried our resource indicator (RFC 8707), and the token names us as its audience.
        const tokenRequests = issuer.tokenRequests().slice(tokenRequestsBefore);
        expect(tokenRequests).toHaveLength(1);
        expect(tokenRequests[0]).toMatchObject({ grant_type: 'client_credentials', resource: resourceUrl });
        const token = provider.tokens()!.access_token;
        const claims = decodeJwt(token);
        expect(claims).toMatchObject({ iss: issuer.issuer, aud: resourceUrl, client_id: OIDC_CLIENTS.m2m.id });

        const text = textOf(result);
        const seen = JSON.parse(text);
        expect(seen).toEqual({
          subject: OIDC_CLIENTS.m2m.id,
          issuer: issuer.issuer,
          clientId: OIDC_CLIENTS.m2m.id,
          scopes: expect.any(Array),
          roles: [],
          expiresAt: claims.exp,
          resource: resourceUrl,
          hasToken: true,
        });
        expect([...seen.scopes].sort()).toEqual(ALL_SCOPES);
        expect(JSON.stringify(result)).not.toContain(token);
        expect(handled.slice(handledBefore)).toEqual(['whoami']);
      } finally {
        await client.close();
      }
    },
  );

  describe('authorization code + PKCE, with a scripted login and consent', () => {
    async function signIn(login: string, log: Exchange[] = []) {
      const provider = new ScriptedBrowserProvider(issuer, login);
      const first = newClient('v2-legacy');
      const transport = new HttpTransportV2(server.url, { authProvider: provider });
      // The first call needing a token sends the user to the authorization server; the client stops there.
      await expect(
        (async () => {
          await first.connect(transport);
          await first.callTool({ name: 'whoami', arguments: {} });
        })(),
      ).rejects.toBeInstanceOf(UnauthorizedError);
      await first.close();
      expect(provider.callback?.searchParams.get('code')).toBeTruthy();
      await transport.finishAuth(provider.callback!.searchParams);
      const { client } = await connectV2('v2-legacy', server.url, provider, log);
      return { client, provider };
    }

    it("signs alice in: the authorization request and the token carry our resource; whoami shows her subject and roles; purge works for her (admin)", async () => {
      const tokenRequestsBefore = issuer.tokenRequests().length;
      const { client, provider } = await signIn('alice');
      try {
        const authorization = provider.authorizationUrl!;
        expect(authorization.origin + authorization.pathname).toBe(`${issuer.issuer}/auth`);
        expect(authorization.searchParams.get('resource')).toBe(resourceUrl);
        expect(authorization.searchParams.get('code_challenge_method')).toBe('S256');
        expect(provider.callback!.searchParams.get('iss')).toBe(issuer.issuer);
        expect(issuer.tokenRequests().slice(tokenRequestsBefore)).toEqual([
          expect.objectContaining({ grant_type: 'authorization_code', resource: resourceUrl, code_verifier: expect.any(String) }),
        ]);

        const seen = JSON.parse(textOf(await client.callTool({ name: 'whoami', arguments: {} })));
        expect(seen).toMatchObject({ subject: 'alice', issuer: issuer.issuer, clientId: OIDC_CLIENTS.app.id, roles: ['admin'], resource: resourceUrl, hasToken: true });
        expect([...seen.scopes].sort()).toEqual(ALL_SCOPES);
        expect(textOf(await client.callTool({ name: 'purge', arguments: {} }))).toBe('purged');
        expect(textOf(await client.callTool({ name: 'tenant_report', arguments: {} }))).toBe('acme report');
      } finally {
        await client.close();
      }
    });

    it('signs bob in: his valid token is refused purge (no admin role) and the tenant report (no tenant) with HTTP 403, no challenge', async () => {
      const log: Exchange[] = [];
      const { client } = await signIn('bob', log);
      try {
        const seen = JSON.parse(textOf(await client.callTool({ name: 'whoami', arguments: {} })));
        expect(seen).toMatchObject({ subject: 'bob', roles: [] });
        const handledBefore = handled.length;
        for (const name of ['purge', 'tenant_report']) {
          const refusal: any = await client.callTool({ name, arguments: {} }).then(
            () => undefined,
            (error: unknown) => error,
          );
          expect(refusal?.data?.status).toBe(403);
          const body = JSON.parse(refusal.data.text);
          expect(body).toMatchObject({ jsonrpc: '2.0', error: { code: -32003 } });
          expect(body.error.message).toMatch(/^Forbidden:/);
          expect(log.at(-1)).toMatchObject({ rpc: 'tools/call', status: 403, wwwAuthenticate: null });
        }
        expect(handled.slice(handledBefore)).toEqual([]);
      } finally {
        await client.close();
      }
    });
  });

  it.each(ERAS)(
    '%s: step-up: a notes:read token lists write_note, calling it gets 403 insufficient_scope naming notes:write, the SDK gets a wider token and the call succeeds (checklist 6)',
    async (era) => {
      const log: Exchange[] = [];
      const provider = new ClientCredentialsProvider({ clientId: OIDC_CLIENTS.m2m.id, clientSecret: OIDC_CLIENTS.m2m.secret, expectedIssuer: issuer.issuer });
      const tokenRequestsBefore = issuer.tokenRequests().length;
      const { client } = await connectV2(era, server.url, provider, log);
      try {
        // read_notes needs notes:read: the 401 says so, and the client asks for just that.
        expect(textOf(await client.callTool({ name: 'read_notes', arguments: {} }))).toBe('note 1, note 2');
        const unauthorized = log.filter((exchange) => exchange.status === 401);
        expect(unauthorized).toHaveLength(1);
        expect(challengeParams(unauthorized[0].wwwAuthenticate)).toEqual({ scheme: 'Bearer', scope: 'notes:read', resource_metadata: prmUrl });
        expect(provider.tokens()!.scope).toBe('notes:read');
        expect(decodeJwt(provider.tokens()!.access_token).scope).toBe('notes:read');

        const { tools } = await client.listTools();
        expect(tools.map((tool) => tool.name)).toContain('write_note');

        const handledBefore = handled.length;
        const stepUpFrom = log.length;
        expect(textOf(await client.callTool({ name: 'write_note', arguments: { text: 'hi' } }))).toBe('saved: hi');
        const stepUp = log.slice(stepUpFrom);
        expect(stepUp[0]).toMatchObject({ url: server.url.href, rpc: 'tools/call', status: 403 });
        // 2025-11-25: the granted scopes plus the missing one; 2026-07-28: what this call needs. Both notes:read notes:write here.
        expect(challengeParams(stepUp[0].wwwAuthenticate)).toEqual({
          scheme: 'Bearer',
          error: 'insufficient_scope',
          error_description: expect.any(String),
          scope: expect.any(String),
          resource_metadata: prmUrl,
        });
        expect(scopesOf(stepUp[0].wwwAuthenticate)).toEqual(['notes:read', 'notes:write']);
        expect(stepUp.at(-1)).toMatchObject({ url: server.url.href, rpc: 'tools/call', status: 200 });
        expect(stepUp.at(-1)!.authorization).toBe(`Bearer ${provider.tokens()!.access_token}`);
        expect(stepUp.filter((exchange) => exchange.url === `${issuer.issuer}/token`)).toHaveLength(1);
        expect(handled.slice(handledBefore)).toEqual(['writeNote']);

        const tokenRequests = issuer.tokenRequests().slice(tokenRequestsBefore);
        expect(tokenRequests).toEqual([
          expect.objectContaining({ grant_type: 'client_credentials', scope: 'notes:read', resource: resourceUrl }),
          expect.objectContaining({ grant_type: 'client_credentials', scope: 'notes:read notes:write', resource: resourceUrl }),
        ]);
        expect(decodeJwt(provider.tokens()!.access_token).scope).toBe('notes:read notes:write');
      } finally {
        await client.close();
      }
    },
  );

  it.each([
    ['v2-legacy' as Era, 'the granted scopes plus the missing one', ['billing', 'notes:read', 'notes:write']],
    ['v2-modern' as Era, 'the scopes this call needs', ['notes:read', 'notes:write']],
  ])('%s: a notes:read billing token calling write_note is challenged with %s', async (era, _what, expected) => {
    const { access_token } = await issuer.clientCredentialsToken({ scope: 'notes:read billing', resource: resourceUrl });
    const log: Exchange[] = [];
    // A static token (no OAuth provider): the client cannot step up and hands the challenge over.
    const { client, transport } = await connectV2(era, server.url, { token: async () => access_token }, log);
    try {
      const handledBefore = handled.length;
      const error: any = await client.callTool({ name: 'write_note', arguments: { text: 'x' } }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(InsufficientScopeError);
      expect(error.requiredScope.split(' ').sort()).toEqual(expected);
      expect(error.resourceMetadataUrl?.href).toBe(prmUrl);
      expect(log.at(-1)).toMatchObject({ rpc: 'tools/call', status: 403 });
      expect(challengeParams(log.at(-1)!.wwwAuthenticate)).toEqual({
        scheme: 'Bearer',
        error: 'insufficient_scope',
        error_description: expect.any(String),
        scope: expect.any(String),
        resource_metadata: prmUrl,
      });
      expect(scopesOf(log.at(-1)!.wwwAuthenticate)).toEqual(expected);

      // What the client did not show: the refusal is a plain JSON-RPC error (never an SSE stream), the request's id kept.
      const call = { jsonrpc: '2.0', id: 9, method: 'tools/call', params: { name: 'write_note', arguments: { text: 'x' } } };
      const raw =
        era === 'v2-legacy'
          ? await post(server.url, call, { ...sessionHeaders(transport.sessionId!), ...bearer(access_token) })
          : await callModern(server.url, 'write_note', bearer(access_token), { text: 'x' }, 9);
      expect(raw.status).toBe(403);
      expect(raw.headers.get('content-type')).toMatch(/^application\/json/);
      expect(scopesOf(raw.headers.get('www-authenticate'))).toEqual(expected);
      const body = await raw.json();
      expect(body).toEqual({ jsonrpc: '2.0', error: { code: -32003, message: expect.stringMatching(/^Forbidden:/) }, id: 9 });
      expect(JSON.stringify(body)).not.toContain(access_token);
      expect(handled.slice(handledBefore)).toEqual([]);
      // The same token may call what it has the scopes for.
      expect(textOf(await client.callTool({ name: 'invoice', arguments: {} }))).toBe('invoice #1');
    } finally {
      await client.close();
    }
  });

  it('refuses tokens of the real issuer that are not for this resource or not intact: other audience, other issuer, foreign key, expired, tampered → 401 invalid_token, handler not run (checklist 3)', async () => {
    // Another issuer signing with the very same key (only `iss` tells), and an impostor claiming our issuer with its own key under our kid.
    const otherIssuer = await startOidcIssuer({ resources: [resourceUrl], signingKey: issuer.signingKey });
    const impostor = await startOidcIssuer({
      resources: [resourceUrl],
      issuer: issuer.issuer,
      signingKey: { ...newSigningKey(), kid: issuer.signingKey.kid },
    });
    try {
      const valid = (await issuer.clientCredentialsToken({ scope: 'notes:read', resource: resourceUrl })).access_token;
      const shortLived = (await issuer.clientCredentialsToken({ scope: 'notes:read', resource: resourceUrl, ttlSec: 1 })).access_token;
      const [header, payload, signature] = valid.split('.');
      const widened = { ...decodeJwt(valid), scope: 'notes:read notes:write billing', sub: 'alice' };
      const refused: Record<string, string> = {
        'another audience': (await issuer.clientCredentialsToken({ scope: 'notes:read', resource: OTHER_RESOURCE })).access_token,
        'another issuer': (await otherIssuer.clientCredentialsToken({ scope: 'notes:read', resource: resourceUrl })).access_token,
        'a key the issuer never published': (await impostor.clientCredentialsToken({ scope: 'notes:read', resource: resourceUrl })).access_token,
        tampered: `${header}.${Buffer.from(JSON.stringify(widened)).toString('base64url')}.${signature}`,
      };
      expect(payload).not.toBe(refused.tampered.split('.')[1]);
      expect(decodeJwt(refused['another issuer'])).toMatchObject({ iss: otherIssuer.issuer, aud: resourceUrl });
      expect(decodeJwt(refused['a key the issuer never published'])).toMatchObject({ iss: issuer.issuer, aud: resourceUrl });
      await waitPast(decodeJwt(shortLived).exp!);
      refused.expired = shortLived;

      const handledBefore = handled.length;
      for (const [what, token] of Object.entries(refused)) {
        const response = await callModern(server.url, 'whoami', bearer(token));
        const text = await response.text();
        expect({ what, status: response.status }).toEqual({ what, status: 401 });
        expect(challengeParams(response.headers.get('www-authenticate'))).toEqual({
          scheme: 'Bearer',
          error: 'invalid_token',
          error_description: expect.any(String),
          resource_metadata: prmUrl,
        });
        expect(JSON.parse(text)).toEqual({ jsonrpc: '2.0', error: { code: -32000, message: expect.any(String) }, id: 1 });
        expect(text).not.toContain(token);
        expect(response.headers.get('www-authenticate')).not.toContain(token);
      }
      expect(handled.slice(handledBefore)).toEqual([]);

      // The control: the intact token of the real issuer for this resource passes.
      const response = await callModern(server.url, 'whoami', bearer(valid));
      expect(response.status).toBe(200);
      expect(handled.slice(handledBefore)).toEqual(['whoami']);
    } finally {
      await otherIssuer.close();
      await impostor.close();
    }
  });

  it('a flood of tokens under kids the issuer never published costs at most one JWKS refetch (checklist 12)', async () => {
    const impostor = await startOidcIssuer({ resources: [resourceUrl], issuer: issuer.issuer });
    try {
      const tokens = await Promise.all(
        Array.from({ length: 5 }, async () => (await impostor.clientCredentialsToken({ scope: 'notes:read', resource: resourceUrl })).access_token),
      );
      expect(new Set(tokens).size).toBe(5);
      // The app has the issuer's keys already (or fetches them once now).
      expect((await callModern(server.url, 'whoami', bearer((await issuer.clientCredentialsToken({ resource: resourceUrl })).access_token))).status).toBe(200);
      const jwksBefore = issuer.count('/jwks');
      for (const token of tokens) {
        const response = await callModern(server.url, 'whoami', bearer(token));
        await response.arrayBuffer();
        expect(response.status).toBe(401);
      }
      expect(issuer.count('/jwks') - jwksBefore).toBeLessThanOrEqual(1);
      expect(impostor.count('/jwks')).toBe(0);
    } finally {
      await impostor.close();
    }
  });

  it('the v1 SDK client with a static bearer token from the issuer lists and calls tools; without one, the call needing a token gets 401', async () => {
    const { access_token } = await issuer.clientCredentialsToken({ scope: 'notes:read', resource: resourceUrl });
    const client = await connect('v1', server.url, { headers: bearer(access_token) });
    try {
      const { tools } = await client.listTools();
      expect(tools.map((tool) => tool.name)).toEqual(expect.arrayContaining(['whoami', 'read_notes', 'write_note']));
      expect(textOf(await client.callTool('read_notes'))).toBe('note 1, note 2');
      expect(JSON.parse(textOf(await client.callTool('whoami')))).toMatchObject({ subject: OIDC_CLIENTS.m2m.id, scopes: ['notes:read'], resource: resourceUrl });
    } finally {
      await client.close();
    }

    // The fixture has public tools, so initialize and the list pass anonymously; whoami does not.
    const anonymous = await connect('v1', server.url);
    try {
      expect(textOf(await anonymous.callTool('status'))).toBe('up');
      const error: any = await anonymous.callTool('whoami').catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(StreamableHTTPError);
      expect(error.code).toBe(401);
    } finally {
      await anonymous.close();
    }
  });

  describe('an app with no public component', () => {
    let privateApp: RunningApp;

    beforeAll(async () => {
      privateApp = await startAuthApp(
        privateModule({ resourceUrl: privateReserved.resourceUrl, verifier: jwtVerifier({ issuer: issuer.issuer }) }),
        privateReserved.port,
      );
    });
    afterAll(() => privateApp?.close());

    it('v1 client: connecting without a token fails with 401; with a token for this resource it connects and calls (checklist 2)', async () => {
      const error: any = await connect('v1', privateApp.url).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(StreamableHTTPError);
      expect(error.code).toBe(401);

      // A token of the same issuer for the other app (audience) is no good here.
      const forOtherApp = (await issuer.clientCredentialsToken({ resource: resourceUrl })).access_token;
      const refused: any = await connect('v1', privateApp.url, { headers: bearer(forOtherApp) }).catch((caught: unknown) => caught);
      expect(refused).toBeInstanceOf(StreamableHTTPError);
      expect(refused.code).toBe(401);

      const { access_token } = await issuer.clientCredentialsToken({ resource: privateReserved.resourceUrl });
      const client = await connect('v1', privateApp.url, { headers: bearer(access_token) });
      try {
        expect(textOf(await client.callTool('ping'))).toBe('pong');
      } finally {
        await client.close();
      }
    });

    it.each(ERAS)('%s: ClientCredentialsProvider is refused at its very first request and authorizes there', async (era) => {
      const log: Exchange[] = [];
      const provider = new ClientCredentialsProvider({ clientId: OIDC_CLIENTS.m2m.id, clientSecret: OIDC_CLIENTS.m2m.secret, expectedIssuer: issuer.issuer });
      const { client } = await connectV2(era, privateApp.url, provider, log);
      try {
        expect(log[0]).toMatchObject({ url: privateApp.url.href, status: 401, authorization: null });
        expect(log[0].wwwAuthenticate).toBe(`Bearer resource_metadata="${prmUrlOf(privateReserved.resourceUrl)}"`);
        expect(textOf(await client.callTool({ name: 'ping', arguments: {} }))).toBe('pong');
        expect(decodeJwt(provider.tokens()!.access_token).aud).toBe(privateReserved.resourceUrl);
      } finally {
        await client.close();
      }
    });
  });
});

describe('MCP authorization with opaque tokens checked by introspection (introspectionVerifier)', () => {
  let issuer: OidcIssuer;
  let uncached: RunningApp;
  let cached: RunningApp;
  const CACHE_TTL_MS = 1500;

  function verifier() {
    return introspectionVerifier({ issuer: issuer.issuer, clientId: OIDC_CLIENTS.resourceServer.id, clientSecret: OIDC_CLIENTS.resourceServer.secret });
  }

  beforeAll(async () => {
    const first = await reserveResourceUrl();
    const second = await reserveResourceUrl();
    issuer = await startOidcIssuer({ resources: [first.resourceUrl, second.resourceUrl], tokenFormat: 'opaque' });
    uncached = await startAuthApp(authModule({ resourceUrl: first.resourceUrl, verifier: verifier(), cache: { ttlMs: 0 } }), first.port);
    cached = await startAuthApp(authModule({ resourceUrl: second.resourceUrl, verifier: verifier(), cache: { ttlMs: CACHE_TTL_MS } }), second.port);
  });
  afterAll(async () => {
    await uncached?.close();
    await cached?.close();
    await issuer?.close();
  });

  async function whoami(app: RunningApp, token: string): Promise<{ status: number; body: any; challenge: string | null }> {
    const response = await callModern(app.url, 'whoami', bearer(token));
    const challenge = response.headers.get('www-authenticate');
    const body = await message(response);
    return { status: response.status, body, challenge };
  }

  it('accepts an active token with its subject and scopes, asks the issuer on every request without a cache, and refuses it at once when revoked', async () => {
    const { access_token } = await issuer.clientCredentialsToken({ scope: 'notes:read notes:write', resource: uncached.url.href });
    expect(access_token.split('.')).toHaveLength(1);
    const introspections = issuer.count('/token/introspection');

    const accepted = await whoami(uncached, access_token);
    expect(accepted.status).toBe(200);
    const seen = JSON.parse(accepted.body.result.content[0].text);
    // oidc-provider's introspection answer has no `sub` for a client-credentials token (RFC 7662 makes it optional).
    expect(seen).toEqual({
      issuer: issuer.issuer,
      clientId: OIDC_CLIENTS.m2m.id,
      scopes: expect.any(Array),
      roles: [],
      expiresAt: expect.any(Number),
      resource: uncached.url.href,
      hasToken: true,
    });
    expect([...seen.scopes].sort()).toEqual(['notes:read', 'notes:write']);
    expect((await whoami(uncached, access_token)).status).toBe(200);
    expect(issuer.count('/token/introspection') - introspections).toBe(2);

    // A token of the same issuer for the other app: active, but not for this audience.
    const elsewhere = (await issuer.clientCredentialsToken({ scope: 'notes:read', resource: cached.url.href })).access_token;
    const wrongAudience = await whoami(uncached, elsewhere);
    expect(wrongAudience.status).toBe(401);
    expect(challengeParams(wrongAudience.challenge)).toMatchObject({ error: 'invalid_token' });

    await issuer.revoke(access_token);
    const refused = await whoami(uncached, access_token);
    expect(refused.status).toBe(401);
    expect(challengeParams(refused.challenge)).toEqual({
      scheme: 'Bearer',
      error: 'invalid_token',
      error_description: expect.any(String),
      resource_metadata: prmUrlOf(uncached.url.href),
    });
    expect(refused.body).toEqual({ jsonrpc: '2.0', error: { code: -32000, message: expect.any(String) }, id: 1 });
  });

  it(`with a ${CACHE_TTL_MS} ms cache, reuses a verification until it is that old: a revoked token passes until then, and is refused after`, async () => {
    const { access_token } = await issuer.clientCredentialsToken({ scope: 'notes:read', resource: cached.url.href });
    const introspections = issuer.count('/token/introspection');
    // The verification is cached at some moment between these two.
    const asked = Date.now();
    expect((await whoami(cached, access_token)).status).toBe(200);
    const answered = Date.now();
    expect((await whoami(cached, access_token)).status).toBe(200);
    expect(issuer.count('/token/introspection') - introspections).toBe(1);

    await issuer.revoke(access_token);
    const stillCached = await whoami(cached, access_token);
    expect(Date.now() - asked).toBeLessThan(CACHE_TTL_MS);
    expect(stillCached.status).toBe(200);

    await new Promise((resolve) => setTimeout(resolve, answered + CACHE_TTL_MS + 100 - Date.now()));
    const refused = await whoami(cached, access_token);
    expect(refused.status).toBe(401);
    expect(challengeParams(refused.challenge)).toMatchObject({ error: 'invalid_token' });
    expect(issuer.count('/token/introspection') - introspections).toBe(2);
  });
});
