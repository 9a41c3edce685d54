import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { base64url, exportJWK, exportSPKI, generateKeyPair, SignJWT, type CryptoKey, type JWK, type JWTPayload } from 'jose';

/** The signing algorithms the issuer holds keys for, plus the two a forger tries. */
export type MintAlg = 'RS256' | 'ES256' | 'none' | 'HS256';

export interface MintOptions {
  /** `sub`. Default `alice`. */
  sub?: string;
  /** `scope`: a space-separated string, or an array joined with spaces. Omitted when undefined. */
  scope?: string | string[];
  /** `aud`. Default the issuer's `audience`. */
  aud?: string | string[];
  /** `exp`, seconds since the epoch. Default in one hour. */
  exp?: number;
  /** Leave `exp` out altogether. */
  omitExp?: boolean;
  /** `nbf`, seconds since the epoch. Omitted by default. */
  nbf?: number;
  /** `iat`, seconds since the epoch. Default now. */
  iat?: number;
  /** `iss`. Default this issuer. */
  iss?: string;
  /** `client_id`. Default `test-client`. */
  clientId?: string;
  /** Header `kid`. Default the current key's kid for `alg`. */
  kid?: string;
  /**
   * `RS256` (default) or `ES256`: signed with the current key of that type. `none`: an unsecured JWT. `HS256`: an
   * HMAC signed with the current RSA public key (its SPKI PEM) as the secret, the classic key-confusion forgery.
   */
  alg?: MintAlg;
  /** Sign with a key pair the JWKS does not hold (with the current kid unless `kid` is given): a bad signature. */
  foreignKey?: boolean;
  /** Header `typ`. Default `at+jwt` (RFC 9068). */
  typ?: string;
  /** Anything else in the payload (overrides the claims above). */
  extraClaims?: Record<string, unknown>;
}

interface SigningKey {
  kid: string;
  alg: 'RS256' | 'ES256';
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  jwk: JWK;
}

async function newKey(alg: 'RS256' | 'ES256', kid = `${alg.toLowerCase()}-${randomUUID().slice(0, 8)}`): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const jwk = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
  return { kid, alg, privateKey, publicKey, jwk };
}

const now = () => Math.floor(Date.now() / 1000);

/**
 * A tiny OAuth authorization server for tests: RS256 and ES256 key pairs, RFC 8414 metadata and a JWKS on a loopback
 * port, every request counted by path, and `mint()` to make good and bad access tokens.
 */
export class TestIssuer {
  /** Requests served, by path (query left out). */
  readonly requests = new Map<string, number>();
  /** The URL and headers of every request served (to check that no inbound token was ever forwarded here). */
  readonly received: { url: string; headers: IncomingMessage['headers'] }[] = [];
  /** `aud` of minted tokens unless `mint({ aud })` says otherwise; set it to the MCP server's `resourceUrl`. */
  audience = 'http://127.0.0.1/mcp';
  /** The issuer identifier, `http://127.0.0.1:<port>`. */
  readonly issuer: string;
  private keys: { RS256: SigningKey; ES256: SigningKey };
  /** What `/jwks` serves; `rotate()` and `setJwks()` change it. */
  private published: JWK[];
  /** Key pairs the JWKS never holds, made once per algorithm (a promise, so concurrent mints share one). */
  private readonly strangers = new Map<'RS256' | 'ES256', Promise<SigningKey>>();
  private server?: Server;

  private constructor(
    private readonly port: number,
    keys: { RS256: SigningKey; ES256: SigningKey },
  ) {
    this.issuer = `http://127.0.0.1:${port}`;
    this.keys = keys;
    this.published = [keys.RS256.jwk, keys.ES256.jwk];
  }

  /** Generates the keys and starts serving on a free loopback port (or `port`). */
  static async start(options: { audience?: string; port?: number } = {}): Promise<TestIssuer> {
    const keys = { RS256: await newKey('RS256'), ES256: await newKey('ES256') };
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
    });
    const issuer = new TestIssuer((server.address() as AddressInfo).port, keys);
    issuer.attach(server);
    if (options.audience) issuer.audience = options.audience;
    return issuer;
  }

  get jwksUri(): string {
    return `${this.issuer}/jwks`;
  }

  get metadataUrl(): string {
    return `${this.issuer}/.well-known/oauth-authorization-server`;
  }

  /** The current kid for an algorithm. */
  kid(alg: 'RS256' | 'ES256' = 'RS256'): string {
    return this.keys[alg].kid;
  }

  /** How many requests a path got, e.g. `count('/jwks')`. */
  count(path: string): number {
    return this.requests.get(path) ?? 0;
  }

  resetCounts(): void {
    this.requests.clear();
    this.received.length = 0;
  }

  /** Whether the HTTP server is up. */
  get running(): boolean {
    return this.server?.listening ?? false;
  }

  /** Stops serving (the keys stay: `restart()` serves them again on the same port). */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server?.listening) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Serves again on the same port after `stop()`. */
  async restart(): Promise<void> {
    if (this.running) return;
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.attach(server);
  }

  /**
   * Key rotation: a new key for `alg` signs from now on. The JWKS then holds the new key, plus the old one when
   * `keepOld` (a graceful rotation); without it the old key's tokens stop verifying once the JWKS is fetched again.
   */
  async rotate(alg: 'RS256' | 'ES256' = 'RS256', options: { keepOld?: boolean } = {}): Promise<string> {
    const old = this.keys[alg];
    const fresh = await newKey(alg);
    this.keys = { ...this.keys, [alg]: fresh };
    this.published = [...this.published.filter((jwk) => options.keepOld || jwk.kid !== old.kid), fresh.jwk];
    return fresh.kid;
  }

  /** Replaces the JWKS outright (e.g. `[]`). */
  setJwks(keys: JWK[]): void {
    this.published = [...keys];
  }

  /** The JWKS as served now. */
  jwks(): { keys: JWK[] } {
    return { keys: [...this.published] };
  }

  /** The claims `mint()` would put in a token. */
  claims(options: MintOptions = {}): JWTPayload {
    const scope = Array.isArray(options.scope) ? options.scope.join(' ') : options.scope;
    const payload: JWTPayload & Record<string, unknown> = {
      iss: options.iss ?? this.issuer,
      sub: options.sub ?? 'alice',
      aud: options.aud ?? this.audience,
      iat: options.iat ?? now(),
      jti: randomUUID(),
      client_id: options.clientId ?? 'test-client',
      ...(scope === undefined ? {} : { scope }),
      ...(options.omitExp ? {} : { exp: options.exp ?? now() + 3600 }),
      ...(options.nbf === undefined ? {} : { nbf: options.nbf }),
      ...options.extraClaims,
    };
    return payload;
  }

  /** An access token: by default a valid RS256 `at+jwt` for `audience`, one hour long. See `MintOptions` for bad ones. */
  async mint(options: MintOptions = {}): Promise<string> {
    const payload = this.claims(options);
    const alg = options.alg ?? 'RS256';
    const typ = options.typ ?? 'at+jwt';
    if (alg === 'none') {
      const header = base64url.encode(JSON.stringify({ alg: 'none', typ, ...(options.kid ? { kid: options.kid } : {}) }));
      return `${header}.${base64url.encode(JSON.stringify(payload))}.`;
    }
    if (alg === 'HS256') {
      const secret = new TextEncoder().encode(await exportSPKI(this.keys.RS256.publicKey));
      return new SignJWT(payload).setProtectedHeader({ alg: 'HS256', typ, kid: options.kid ?? this.keys.RS256.kid }).sign(secret);
    }
    let key = this.keys[alg];
    if (options.foreignKey) {
      if (!this.strangers.has(alg)) this.strangers.set(alg, newKey(alg));
      key = await this.strangers.get(alg)!;
    }
    const kid = options.kid ?? this.keys[alg].kid;
    return new SignJWT(payload).setProtectedHeader({ alg, typ, kid }).sign(key.privateKey);
  }

  private attach(server: Server): void {
    this.server = server;
    server.on('request', (request: IncomingMessage, response: ServerResponse) => this.serve(request, response));
  }

  private serve(request: IncomingMessage, response: ServerResponse): void {
    const path = new URL(request.url ?? '/', this.issuer).pathname;
    this.requests.set(path, this.count(path) + 1);
    this.received.push({ url: request.url ?? '/', headers: { ...request.headers } });
    const json = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      response.end(JSON.stringify(body));
    };
    if (path === '/.well-known/oauth-authorization-server' || path === '/.well-known/openid-configuration') {
      json(200, {
        issuer: this.issuer,
        jwks_uri: this.jwksUri,
        token_endpoint: `${this.issuer}/token`,
        grant_types_supported: ['client_credentials'],
        token_endpoint_auth_methods_supported: ['client_secret_post'],
        response_types_supported: [],
      });
    } else if (path === '/jwks') {
      json(200, this.jwks());
    } else if (path === '/token') {
      json(400, { error: 'unsupported_grant_type', error_description: 'this test issuer mints tokens in process only' });
    } else {
      json(404, { error: 'not_found' });
    }
  }
}

/** The token with its payload changed but the original signature kept (a tampered token). */
export function tamper(token: string, changes: Record<string, unknown>): string {
  const [header, payload, signature] = token.split('.');
  const claims = JSON.parse(new TextDecoder().decode(base64url.decode(payload))) as Record<string, unknown>;
  return `${header}.${base64url.encode(JSON.stringify({ ...claims, ...changes }))}.${signature}`;
}

/** A JWT header naming a kid nobody published, with a made-up payload and signature (decodes, never verifies). */
export function unknownKidToken(kid = `unknown-${randomUUID()}`, payload: Record<string, unknown> = { sub: 'mallory' }): string {
  const header = base64url.encode(JSON.stringify({ alg: 'RS256', typ: 'at+jwt', kid }));
  return `${header}.${base64url.encode(JSON.stringify(payload))}.${base64url.encode(randomUUID())}`;
}

/** One `WWW-Authenticate` challenge: its scheme and its auth-params (names lowercased, quoted strings unescaped). */
export interface Challenge {
  scheme: string;
  params: Record<string, string>;
}

/**
 * Parses a `WWW-Authenticate` value holding one challenge (`Bearer a="b", c=d`), strictly: a malformed header, a
 * repeated parameter or a second challenge throws, so a test fails on a sloppy header instead of reading past it.
 */
export function parseChallenge(header: string | null): Challenge {
  if (header === null) throw new Error('no WWW-Authenticate header');
  const head = /^\s*([!#$%&'*+.^_`|~0-9A-Za-z-]+)(?:\s+|$)/.exec(header);
  if (!head) throw new Error(`malformed challenge: ${header}`);
  const params: Record<string, string> = {};
  let rest = header.slice(head[0].length);
  const param = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([!#$%&'*+.^_`|~0-9A-Za-z-]+))\s*/;
  while (rest.length > 0) {
    const match = param.exec(rest);
    if (!match) throw new Error(`malformed challenge parameters: ${header}`);
    const name = match[1].toLowerCase();
    if (name in params) throw new Error(`repeated parameter ${name}: ${header}`);
    params[name] = match[2] !== undefined ? match[2].replace(/\\(.)/g, '$1') : match[3];
    rest = rest.slice(match[0].length);
    if (rest.length === 0) break;
    if (!rest.startsWith(',')) throw new Error(`malformed challenge parameters: ${header}`);
    rest = rest.slice(1).trimStart();
  }
  return { scheme: head[1], params };
}

/** A space-separated scope list as a sorted array (scope order carries no meaning). */
export function scopeSet(scope: string | undefined): string[] {
  return (scope ?? '').split(' ').filter(Boolean).sort();
}
