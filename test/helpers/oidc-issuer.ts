import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Account, KoaContextWithOIDC, TokenLike } from 'oidc-provider';

/**
 * A real authorization server for the e2e suite: panva's oidc-provider in this process, on a loopback port, issuing
 * access tokens for one or more resource indicators (RFC 8707). No mocks: clients discover it, authenticate to it
 * and follow its login and consent pages as they would any OAuth 2.1 authorization server.
 */

/** Pre-registered clients (oidc-provider `clients`). */
export const OIDC_CLIENTS = {
  /** client_credentials, `client_secret_basic` (what the SDK's ClientCredentialsProvider uses). */
  m2m: { id: 'm2m', secret: 'm2m-secret' },
  /** client_credentials, `client_secret_post`. */
  m2mPost: { id: 'm2m-post', secret: 'm2m-post-secret' },
  /** authorization_code + PKCE, a public native client with a loopback redirect URI (RFC 8252). */
  app: { id: 'app', redirectUri: 'http://127.0.0.1:53682/callback' },
  /** The MCP server itself, for token introspection (RFC 7662). */
  resourceServer: { id: 'mcp-server', secret: 'mcp-server-secret' },
} as const;

/** The users the login page knows, and the claims their access tokens carry (via `extraTokenClaims`). */
export const OIDC_ACCOUNTS: Record<string, Record<string, unknown>> = {
  alice: { roles: ['admin'], tenant: 'acme' },
  bob: {},
};

export interface OidcIssuerOptions {
  /** The resource indicators tokens may be asked for (each one is also the tokens' `aud`). */
  resources: string[];
  /** The scopes of every resource server. Default `notes:read notes:write billing`. */
  scopes?: string;
  /** `jwt` (RS256, `typ: at+jwt`; the default) or `opaque` (for introspection). */
  tokenFormat?: 'jwt' | 'opaque';
  /** Access token lifetime in seconds. Default one hour. */
  accessTokenTtlSec?: number;
  /** The RSA private key (JWK) to sign with; by default a fresh one. Share `signingKey` of another issuer to sign alike. */
  signingKey?: Record<string, unknown>;
  /**
   * The issuer identifier to claim (`iss`), by default this server's own URL. Naming another issuer makes an impostor:
   * its tokens claim that issuer but are signed with a key the real one never published.
   */
  issuer?: string;
}

/** One HTTP request the issuer answered. */
export interface RecordedRequest {
  method: string;
  path: string;
  status: number;
  /** The query (GET) or form body (POST) parameters. */
  params: Record<string, string | string[] | undefined>;
}

export interface TokenResponse {
  access_token: string;
  token_type: string;
  expires_in: number;
  scope?: string;
  refresh_token?: string;
}

export interface OidcIssuer {
  /** The issuer identifier (`iss`), e.g. `http://127.0.0.1:41234`. */
  issuer: string;
  /** Where it listens (the same as `issuer` unless it impersonates another). */
  origin: string;
  /** The private signing key (JWK), for a second issuer that should sign with the same key. */
  signingKey: Record<string, unknown>;
  /** Every request answered so far, oldest first. */
  requests: RecordedRequest[];
  /** How many requests went to `path` (e.g. `/jwks`, `/token`). */
  count(path: string): number;
  /** The parameters of every token request (`grant_type`, `resource`, `scope`, ...), oldest first. */
  tokenRequests(): RecordedRequest['params'][];
  /** A client_credentials token straight from the token endpoint. */
  clientCredentialsToken(options: { scope?: string; resource?: string; auth?: 'basic' | 'post'; ttlSec?: number }): Promise<TokenResponse>;
  /**
   * Plays the user in a browser: opens `authorizationUrl`, signs in as `login`, grants consent, and returns the
   * redirect URI the issuer finally sends the browser to (with `code`, `state`, `iss`, or `error`).
   */
  authorize(authorizationUrl: URL | string, login: string): Promise<URL>;
  /** A whole authorization-code + PKCE flow for `login` done by hand: the token response. */
  authorizationCodeToken(options: { login: string; scope: string; resource: string }): Promise<TokenResponse>;
  /** Revokes a token at the revocation endpoint (RFC 7009), as the client it was issued to. */
  revoke(token: string, client?: 'm2m' | 'm2mPost'): Promise<void>;
  close(): Promise<void>;
}

/** A fresh RSA signing key as a private JWK with a `kid`. */
export function newSigningKey(): Record<string, unknown> {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { ...privateKey.export({ format: 'jwk' }), kid: randomUUID(), alg: 'RS256', use: 'sig' };
}

/**
 * Runs `fn` without oidc-provider's start-up warnings about what a test issuer does on purpose: the development
 * interaction pages, the in-memory adapter, and (on Node 20) the runtime it no longer tests on.
 */
async function withoutStartupWarnings<T>(fn: () => T | Promise<T>): Promise<T> {
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    if (/^oidc-provider WARNING: (a quick start development-only|Unsupported runtime)/.test(String(args[0]))) return;
    warn(...args);
  };
  try {
    return await fn();
  } finally {
    console.warn = warn;
  }
}

function basic(id: string, secret: string): string {
  return `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;
}

/** Starts an issuer on a free loopback port. */
export async function startOidcIssuer(options: OidcIssuerOptions): Promise<OidcIssuer> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = options.issuer ?? `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const scopes = options.scopes ?? 'notes:read notes:write billing';
  const format = options.tokenFormat ?? 'jwt';
  const signingKey = options.signingKey ?? newSigningKey();
  const requests: RecordedRequest[] = [];
  /** Lifetime of the next token issued (set for the duration of one `clientCredentialsToken` call). */
  let nextTtlSec: number | undefined;
  const ttl = (_ctx: unknown, token: TokenLike) => nextTtlSec ?? token.resourceServer?.accessTokenTTL ?? options.accessTokenTtlSec ?? 3600;

  const { default: Provider, errors } = await withoutStartupWarnings(() => import('oidc-provider'));
  const configuration = {
    clients: [
      {
        client_id: OIDC_CLIENTS.m2m.id,
        client_secret: OIDC_CLIENTS.m2m.secret,
        grant_types: ['client_credentials'],
        response_types: [],
        redirect_uris: [],
        token_endpoint_auth_method: 'client_secret_basic',
      },
      {
        client_id: OIDC_CLIENTS.m2mPost.id,
        client_secret: OIDC_CLIENTS.m2mPost.secret,
        grant_types: ['client_credentials'],
        response_types: [],
        redirect_uris: [],
        token_endpoint_auth_method: 'client_secret_post',
      },
      {
        client_id: OIDC_CLIENTS.app.id,
        application_type: 'native',
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code'],
        response_types: ['code'],
        redirect_uris: [OIDC_CLIENTS.app.redirectUri],
      },
      {
        client_id: OIDC_CLIENTS.resourceServer.id,
        client_secret: OIDC_CLIENTS.resourceServer.secret,
        grant_types: [],
        response_types: [],
        redirect_uris: [],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    jwks: { keys: [signingKey] },
    cookies: { keys: ['oidc-issuer-test-cookie-key'] },
    pkce: { required: () => true },
    clientBasedCORS: () => true,
    features: {
      devInteractions: { enabled: true },
      clientCredentials: { enabled: true },
      // Only the resource server may introspect; a client may revoke only its own tokens.
      introspection: { enabled: true, allowedPolicy: (_ctx: unknown, client: { clientId: string }) => client.clientId === OIDC_CLIENTS.resourceServer.id },
      revocation: { enabled: true, allowedPolicy: (_ctx: unknown, client: { clientId: string }, token: TokenLike) => token.clientId === client.clientId },
      resourceIndicators: {
        enabled: true,
        defaultResource: (_ctx: unknown, _client: unknown, oneOf?: string) => oneOf,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx: unknown, indicator: string) => {
          if (!options.resources.includes(indicator)) throw new errors.InvalidTarget();
          return format === 'jwt'
            ? { scope: scopes, accessTokenFormat: 'jwt', jwt: { sign: { alg: 'RS256' } } }
            : { scope: scopes, accessTokenFormat: 'opaque' };
        },
      },
    },
    findAccount: (_ctx: unknown, id: string): Account | undefined =>
      OIDC_ACCOUNTS[id] ? { accountId: id, claims: () => ({ sub: id, ...OIDC_ACCOUNTS[id] }) } : undefined,
    // Access tokens carry only registered claims unless told otherwise: the account's roles and tenant go in here.
    extraTokenClaims: (_ctx: unknown, token: TokenLike) => (token.accountId ? { ...OIDC_ACCOUNTS[token.accountId] } : undefined),
    ttl: {
      AccessToken: ttl,
      ClientCredentials: ttl,
      AuthorizationCode: 60,
      Interaction: 600,
      Session: 600,
      Grant: 600,
    },
  };
  const provider = await withoutStartupWarnings(() => new Provider(issuer, configuration));

  // Records every request after it was answered; `ctx.oidc.body` is the form body oidc-provider parsed.
  provider.use(async (ctx: KoaContextWithOIDC, next) => {
    await next();
    const params = ctx.method === 'POST' ? { ...(ctx.oidc?.body ?? {}) } : Object.fromEntries(new URLSearchParams(ctx.querystring));
    requests.push({ method: ctx.method, path: ctx.path, status: ctx.status, params });
  });
  // Unexpected server errors surface in the test output instead of a bare 500.
  provider.on('server_error', (_ctx: unknown, error: Error) => console.error('oidc-provider server_error', error));
  server.on('request', provider.callback());

  const tokenEndpoint = `${origin}/token`;

  async function tokenRequest(body: URLSearchParams, headers: Record<string, string> = {}): Promise<TokenResponse> {
    const response = await fetch(tokenEndpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body,
    });
    const json = (await response.json()) as TokenResponse & { error?: string; error_description?: string };
    if (!response.ok) throw new Error(`token endpoint: HTTP ${response.status} ${json.error}: ${json.error_description}`);
    return json;
  }

  async function authorize(authorizationUrl: URL | string, login: string): Promise<URL> {
    const cookies = new Map<string, string>();
    const redirectUri = new URL(OIDC_CLIENTS.app.redirectUri);
    let url = new URL(authorizationUrl);
    let init: { method: string; body?: URLSearchParams } = { method: 'GET' };
    for (let step = 0; step < 12; step++) {
      const response = await fetch(url, {
        ...init,
        redirect: 'manual',
        headers: {
          cookie: [...cookies].map(([name, value]) => `${name}=${value}`).join('; '),
          ...(init.body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        },
      });
      for (const line of response.headers.getSetCookie()) {
        const [pair, ...attributes] = line.split(';');
        const name = pair.slice(0, pair.indexOf('=')).trim();
        const value = pair.slice(pair.indexOf('=') + 1).trim();
        const expired = attributes.some((attribute) => /^\s*expires=Thu, 01 Jan 1970/i.test(attribute)) || value === '';
        if (expired) cookies.delete(name);
        else cookies.set(name, value);
      }
      if (response.status >= 300 && response.status < 400) {
        await response.arrayBuffer();
        const location = new URL(response.headers.get('location')!, url);
        if (location.origin === redirectUri.origin && location.pathname === redirectUri.pathname) return location;
        url = location;
        init = { method: 'GET' };
        continue;
      }
      const html = await response.text();
      if (response.status !== 200 || !url.pathname.startsWith('/interaction/')) {
        throw new Error(`authorization: unexpected HTTP ${response.status} at ${url.pathname}: ${html.slice(0, 500)}`);
      }
      // The development interaction pages: a login form, then a consent form, each posting back to the same URL.
      const prompt = /name="prompt" value="(\w+)"/.exec(html)?.[1];
      if (prompt === 'login') init = { method: 'POST', body: new URLSearchParams({ prompt: 'login', login, password: 'any' }) };
      else if (prompt === 'consent') init = { method: 'POST', body: new URLSearchParams({ prompt: 'consent' }) };
      else throw new Error(`authorization: no login or consent form at ${url.pathname}`);
    }
    throw new Error('authorization: too many redirects');
  }

  return {
    issuer,
    origin,
    signingKey,
    requests,
    count: (path) => requests.filter((request) => request.path === path).length,
    tokenRequests: () => requests.filter((request) => request.path === '/token').map((request) => request.params),
    async clientCredentialsToken({ scope, resource, auth = 'basic', ttlSec }) {
      const body = new URLSearchParams({ grant_type: 'client_credentials' });
      if (scope !== undefined) body.set('scope', scope);
      if (resource !== undefined) body.set('resource', resource);
      const headers: Record<string, string> = {};
      if (auth === 'basic') {
        headers.authorization = basic(OIDC_CLIENTS.m2m.id, OIDC_CLIENTS.m2m.secret);
      } else {
        body.set('client_id', OIDC_CLIENTS.m2mPost.id);
        body.set('client_secret', OIDC_CLIENTS.m2mPost.secret);
      }
      nextTtlSec = ttlSec;
      try {
        return await tokenRequest(body, headers);
      } finally {
        nextTtlSec = undefined;
      }
    },
    authorize,
    async authorizationCodeToken({ login, scope, resource }) {
      const { createHash, randomBytes } = await import('node:crypto');
      const verifier = randomBytes(32).toString('base64url');
      const challenge = createHash('sha256').update(verifier).digest('base64url');
      const state = randomBytes(8).toString('hex');
      const url = new URL(`${origin}/auth`);
      url.search = new URLSearchParams({
        client_id: OIDC_CLIENTS.app.id,
        response_type: 'code',
        redirect_uri: OIDC_CLIENTS.app.redirectUri,
        scope,
        resource,
        state,
        code_challenge: challenge,
        code_challenge_method: 'S256',
      }).toString();
      const callback = await authorize(url, login);
      const code = callback.searchParams.get('code');
      if (!code || callback.searchParams.get('state') !== state) throw new Error(`authorization failed: ${callback.search}`);
      return tokenRequest(
        new URLSearchParams({
          grant_type: 'authorization_code',
          code,
          code_verifier: verifier,
          redirect_uri: OIDC_CLIENTS.app.redirectUri,
          client_id: OIDC_CLIENTS.app.id,
          resource,
        }),
      );
    },
    async revoke(token, client = 'm2m') {
      const { id, secret } = OIDC_CLIENTS[client];
      const body = new URLSearchParams({ token, token_type_hint: 'access_token' });
      const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
      if (client === 'm2m') headers.authorization = basic(id, secret);
      else body.set('client_id', id), body.set('client_secret', secret);
      const response = await fetch(`${origin}/token/revocation`, { method: 'POST', headers, body });
      await response.arrayBuffer();
      if (!response.ok) throw new Error(`revocation: HTTP ${response.status}`);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
