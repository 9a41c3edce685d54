import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, exportPKCS8, exportSPKI, generateKeyPair, SignJWT, UnsecuredJWT, type CryptoKey, type JWK, type JWTPayload } from 'jose';
import { json, refusal } from '../../../../../test/helpers/verifier-replies.js';
import { jwtVerifier, type JwtVerifierOptions } from './jwt-verifier.js';

const RESOURCE = 'https://mcp.example.com/mcp';
const context = { resourceUrl: RESOURCE };

/** The authorization server: a JWKS, metadata documents, and routes that fail on purpose; every request counted. */
class FakeAuthorizationServer {
  readonly hits = new Map<string, number>();
  readonly routes = new Map<string, (response: ServerResponse) => void>();
  jwks: { keys: JWK[] } = { keys: [] };
  private server?: Server;
  base = '';

  async start(): Promise<void> {
    this.server = createServer((request: IncomingMessage, response: ServerResponse) => {
      const path = new URL(request.url ?? '/', this.base).pathname;
      this.hits.set(path, (this.hits.get(path) ?? 0) + 1);
      const route = path === '/jwks' ? (res: ServerResponse) => json(res, this.jwks) : this.routes.get(path);
      if (route) route(response);
      else response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  hitsOf(path: string): number {
    return this.hits.get(path) ?? 0;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }
}

function nowSec(): number {
  return Math.floor(Date.now() / 1000);
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('jwtVerifier', () => {
  const as = new FakeAuthorizationServer();
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
  let rsa: { publicKey: CryptoKey; privateKey: CryptoKey };
  let issuer: string;
  let jwksUri: string;

  beforeAll(async () => {
    process.on('unhandledRejection', onUnhandled);
    await as.start();
    issuer = as.base;
    jwksUri = `${as.base}/jwks`;
    rsa = await generateKeyPair('RS256', { extractable: true });
  });

  beforeEach(async () => {
    as.hits.clear();
    as.routes.clear();
    as.jwks = { keys: [{ ...(await exportJWK(rsa.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' }] };
  });

  afterAll(async () => {
    await as.stop();
    process.off('unhandledRejection', onUnhandled);
    expect(unhandled).toEqual([]);
  });

  function claims(overrides: Record<string, unknown> = {}): JWTPayload {
    const payload: Record<string, unknown> = {
      iss: issuer,
      aud: RESOURCE,
      sub: 'alice',
      client_id: 'notes-app',
      scope: 'notes:read notes:write',
      iat: nowSec(),
      exp: nowSec() + 300,
      ...overrides,
    };
    return Object.fromEntries(Object.entries(payload).filter(([, value]) => value !== undefined));
  }

  function sign(
    payload: JWTPayload = claims(),
    { key = rsa.privateKey, kid = 'k1', alg = 'RS256', typ }: { key?: CryptoKey | Uint8Array; kid?: string; alg?: string; typ?: string } = {},
  ): Promise<string> {
    return new SignJWT(payload).setProtectedHeader({ alg, kid, ...(typ ? { typ } : {}) }).sign(key);
  }

  const verifier = (options: Partial<JwtVerifierOptions> = {}) => jwtVerifier({ issuer, jwksUri, ...options });

  describe('a valid token', () => {
    it('is verified and mapped: scopes, client, subject, issuer, audiences, expiry, claims', async () => {
      const payload = claims();
      const verified = await verifier().verify(await sign(payload), context);
      expect(verified).toEqual({
        clientId: 'notes-app',
        subject: 'alice',
        issuer,
        scopes: ['notes:read', 'notes:write'],
        expiresAt: payload.exp,
        audience: [RESOURCE],
        claims: payload,
      });
      expect(verifier().issuer).toBe(issuer);
    });

    it('reads scopes from `scp` and the client from `azp` when `scope` and `client_id` are absent', async () => {
      const token = await sign(claims({ scope: undefined, client_id: undefined, scp: ['a', 'b'], azp: 'spa' }));
      expect(await verifier().verify(token, context)).toMatchObject({ scopes: ['a', 'b'], clientId: 'spa' });
      const spaced = await sign(claims({ scope: undefined, scp: 'c d' }));
      expect((await verifier().verify(spaced, context)).scopes).toEqual(['c', 'd']);
    });

    it('compares the audience leniently as a resource URI, and accepts it among others', async () => {
      const token = await sign(claims({ aud: ['https://other.example', 'HTTPS://MCP.EXAMPLE.COM/mcp/#x'] }));
      expect((await verifier().verify(token, context)).audience).toEqual(['https://other.example', 'HTTPS://MCP.EXAMPLE.COM/mcp/#x']);
    });

    it('checks `typ` only when asked (at+jwt, RFC 9068)', async () => {
      const plain = await sign();
      const typed = await sign(claims(), { typ: 'at+jwt' });
      expect(await verifier().verify(plain, context)).toBeDefined();
      expect(await verifier({ typ: 'at+jwt' }).verify(typed, context)).toBeDefined();
      expect(await refusal(verifier({ typ: 'at+jwt' }).verify(plain, context))).toEqual({
        type: 'invalid',
        message: 'token type (typ) is not accepted',
      });
    });
  });

  describe('refuses with a clear invalid_token description', () => {
    it('a token from another issuer', async () => {
      const token = await sign(claims({ iss: 'https://evil.example' }));
      expect(await refusal(verifier().verify(token, context))).toEqual({ type: 'invalid', message: 'token issuer is not trusted' });
    });

    it('a token for another resource, or for none', async () => {
      const other = await sign(claims({ aud: 'https://mcp.example.com/other' }));
      const none = await sign(claims({ aud: undefined }));
      const expected = { type: 'invalid', message: 'token was not issued for this resource' };
      expect(await refusal(verifier().verify(other, context))).toEqual(expected);
      expect(await refusal(verifier().verify(none, context))).toEqual(expected);
    });

    it('checks `audience` instead of the resourceUrl when it is set', async () => {
      const token = await sign(claims({ aud: 'api://notes' }));
      expect(await verifier({ audience: ['api://notes'] }).verify(token, context)).toBeDefined();
      expect(await refusal(verifier({ audience: 'api://orders' }).verify(await sign(), context))).toMatchObject({ type: 'invalid' });
    });

    it('an expired token, beyond the clock tolerance', async () => {
      const expired = await sign(claims({ exp: nowSec() - 60 }));
      const justExpired = await sign(claims({ exp: nowSec() - 2 }));
      expect(await refusal(verifier().verify(expired, context))).toEqual({ type: 'invalid', message: 'token expired' });
      expect(await verifier().verify(justExpired, context)).toBeDefined();
      expect(await refusal(verifier({ clockToleranceSec: 0 }).verify(justExpired, context))).toMatchObject({ message: 'token expired' });
    });

    it('a token without `exp`', async () => {
      const token = await sign(claims({ exp: undefined }));
      expect(await refusal(verifier().verify(token, context))).toEqual({ type: 'invalid', message: 'token has no expiry (exp)' });
    });

    it('a token not valid yet (`nbf` in the future)', async () => {
      const token = await sign(claims({ nbf: nowSec() + 120 }));
      expect(await refusal(verifier().verify(token, context))).toEqual({ type: 'invalid', message: 'token is not valid yet (nbf)' });
    });

    it('a tampered payload', async () => {
      const [header, , signature] = (await sign()).split('.');
      const forged = Buffer.from(JSON.stringify(claims({ sub: 'admin', scope: 'everything' }))).toString('base64url');
      expect(await refusal(verifier().verify(`${header}.${forged}.${signature}`, context))).toEqual({
        type: 'invalid',
        message: 'token signature is invalid',
      });
    });

    it('a token signed by another key under a known kid', async () => {
      const other = await generateKeyPair('RS256');
      const token = await sign(claims(), { key: other.privateKey });
      expect(await refusal(verifier().verify(token, context))).toEqual({ type: 'invalid', message: 'token signature is invalid' });
    });

    it('an algorithm outside the allow-list', async () => {
      const ec = await generateKeyPair('ES384');
      as.jwks.keys.push({ ...(await exportJWK(ec.publicKey)), kid: 'ec', alg: 'ES384' });
      const token = await sign(claims(), { key: ec.privateKey, kid: 'ec', alg: 'ES384' });
      expect(await refusal(verifier().verify(token, context))).toEqual({ type: 'invalid', message: 'token algorithm is not allowed' });
      expect(await verifier({ algorithms: ['ES384'] }).verify(token, context)).toBeDefined();
    });

    it('HS256 signed with the RSA public key as secret (algorithm confusion), from a JWKS or a PEM key', async () => {
      const pem = await exportSPKI(rsa.publicKey);
      const token = await sign(claims(), { key: new TextEncoder().encode(pem), alg: 'HS256' });
      const expected = { type: 'invalid', message: 'token algorithm is not allowed' };
      expect(await refusal(verifier().verify(token, context))).toEqual(expected);
      expect(await refusal(jwtVerifier({ issuer, key: pem }).verify(token, context))).toEqual(expected);
      expect(() => jwtVerifier({ issuer, key: pem, algorithms: ['HS256'] })).toThrow(TypeError);
      expect(() => jwtVerifier({ issuer, jwksUri, algorithms: ['RS256', 'HS256'] })).toThrow(TypeError);
    });

    it('alg none, which cannot even be configured', async () => {
      const token = new UnsecuredJWT(claims()).encode();
      expect(await refusal(verifier().verify(token, context))).toEqual({ type: 'invalid', message: 'token algorithm is not allowed' });
      expect(() => verifier({ algorithms: ['none'] })).toThrow(TypeError);
      expect(() => verifier({ algorithms: [] })).toThrow(TypeError);
    });

    it('hostile strings, without fetching anything or throwing anything else', async () => {
      const valid = await sign();
      const [header, payload] = valid.split('.');
      const b64 = (value: unknown): string => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
      const hostile = [
        '',
        'x'.repeat(16 * 1024 + 1),
        `${valid}.${'a'.repeat(16 * 1024)}`,
        'a.b.c.d.e',
        'a.b.c.d',
        '....',
        'a..c',
        '.b.c',
        'abc',
        '%%%.b.c',
        'a b.c.d',
        'äöü.b.c',
        `${header}.${payload}.${'A'.repeat(64)}\n`,
        `${b64('not json')}.${payload}.sig`,
        `${b64([1, 2])}.${payload}.sig`,
        `${b64({ alg: 7 })}.${payload}.sig`,
        `${b64({ alg: 'RS256', crit: 'exp' })}.${payload}.sig`,
        `${b64({ alg: 'RS256', b64: false, crit: ['b64'] })}.${payload}.sig`,
        `${b64({ alg: 'RS256', kid: { $ne: 1 } })}.${payload}.sig`,
        `${header}.${b64('[]')}.sig`,
        `${header}.${b64('\u0000')}.sig`,
        `${header}.${payload}.@@`,
        `${header}.${payload}`,
      ];
      const shapeOnly = verifier();
      for (const token of hostile) {
        expect(await refusal(shapeOnly.verify(token, context))).toMatchObject({ type: 'invalid' });
      }
      expect(as.hitsOf('/jwks')).toBeLessThanOrEqual(1);
      const refused = await refusal(verifier().verify('x'.repeat(20_000), context));
      expect(refused.message).not.toContain('xxxx');
    });
  });

  describe('the JWKS', () => {
    it('is fetched once and cached', async () => {
      const jwt = verifier();
      for (let i = 0; i < 5; i++) await jwt.verify(await sign(), context);
      expect(as.hitsOf('/jwks')).toBe(1);
    });

    it('follows a key rotation: a token with the new kid verifies after one refetch', async () => {
      const jwt = verifier({ jwks: { cooldownMs: 100 } });
      await jwt.verify(await sign(), context);
      const next = await generateKeyPair('ES256');
      as.jwks = { keys: [{ ...(await exportJWK(next.publicKey)), kid: 'k2', alg: 'ES256' }] };
      await sleep(150);
      const rotated = await sign(claims(), { key: next.privateKey, kid: 'k2', alg: 'ES256' });
      expect(await jwt.verify(rotated, context)).toMatchObject({ subject: 'alice' });
      expect(await jwt.verify(rotated, context)).toBeDefined();
      expect(as.hitsOf('/jwks')).toBe(2);
      expect(await refusal(jwt.verify(await sign(), context))).toMatchObject({ message: 'token was not signed by a key of the issuer' });
    });

    it('is fetched at most once per cooldown by a flood of tokens with unknown kids', async () => {
      const floods = await Promise.all(
        [0, 1, 2].map(() => Promise.all(Array.from({ length: 200 }, () => sign(claims(), { kid: randomUUID() })))),
      );
      const jwt = verifier({ jwks: { cooldownMs: 1_500 } });
      const flood = async (tokens: string[]): Promise<void> => {
        const refusals = await Promise.all(tokens.map((token) => refusal(jwt.verify(token, context))));
        expect(new Set(refusals.map((r) => r.message))).toEqual(new Set(['token was not signed by a key of the issuer']));
      };
      await flood(floods[0]);
      for (const token of floods[1]) await refusal(jwt.verify(token, context));
      expect(as.hitsOf('/jwks')).toBe(1);
      await sleep(1_600);
      await flood(floods[2]);
      expect(as.hitsOf('/jwks')).toBe(2);
      expect(await jwt.verify(await sign(), context)).toBeDefined();
    });

    it('unreachable: the authorization server is unavailable', async () => {
      const closed = createServer();
      await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
      const port = (closed.address() as AddressInfo).port;
      await new Promise((resolve) => closed.close(resolve));
      const jwt = verifier({ jwksUri: `http://127.0.0.1:${port}/jwks` });
      expect(await refusal(jwt.verify(await sign(), context))).toMatchObject({
        type: 'unavailable',
        message: expect.stringContaining('could not be reached (fetch failed: ECONNREFUSED)'),
      });
    });

    it('answering 500, or not a JWKS: unavailable, and not asked again during the cooldown', async () => {
      as.routes.set('/broken', (response) => json(response, { error: 'boom' }, 500));
      as.routes.set('/garbage', (response) => response.writeHead(200, { 'content-type': 'text/html' }).end('<html>'));
      as.routes.set('/not-a-set', (response) => json(response, { keys: 'nope' }));
      const broken = verifier({ jwksUri: `${as.base}/broken`, jwks: { cooldownMs: 500 } });
      const token = await sign();
      const http500 = { type: 'unavailable', message: expect.stringContaining('HTTP 500') };
      expect(await refusal(broken.verify(token, context))).toMatchObject(http500);
      expect(await refusal(broken.verify(token, context))).toMatchObject(http500);
      expect(as.hitsOf('/broken')).toBe(1);
      await sleep(600);
      expect(await refusal(broken.verify(token, context))).toMatchObject(http500);
      expect(as.hitsOf('/broken')).toBe(2);
      expect(await refusal(verifier({ jwksUri: `${as.base}/garbage` }).verify(await sign(), context))).toMatchObject({
        type: 'unavailable',
        message: expect.stringContaining('did not answer JSON'),
      });
      expect(await refusal(verifier({ jwksUri: `${as.base}/not-a-set` }).verify(await sign(), context))).toMatchObject({
        type: 'unavailable',
        message: expect.stringContaining('not a JSON Web Key Set'),
      });
    });

    it('answering too slowly: unavailable after about the timeout', async () => {
      as.routes.set('/slow', () => undefined);
      const jwt = verifier({ jwksUri: `${as.base}/slow`, jwks: { timeoutMs: 300 } });
      const started = Date.now();
      expect(await refusal(jwt.verify(await sign(), context))).toEqual({
        type: 'unavailable',
        message: `the JWKS at ${as.base}/slow did not answer within 300 ms`,
      });
      const elapsed = Date.now() - started;
      expect(elapsed).toBeGreaterThanOrEqual(250);
      expect(elapsed).toBeLessThan(3_000);
    });
  });

  describe('discovery of the jwks_uri', () => {
    it('uses RFC 8414 metadata, the well-known between host and path, once', async () => {
      const tenant = `${as.base}/tenant-a`;
      as.routes.set('/.well-known/oauth-authorization-server/tenant-a', (r) => json(r, { issuer: tenant, jwks_uri: jwksUri }));
      const jwt = jwtVerifier({ issuer: tenant });
      expect(jwt.issuer).toBe(tenant);
      expect(await jwt.verify(await sign(claims({ iss: tenant })), context)).toMatchObject({ issuer: tenant });
      await jwt.verify(await sign(claims({ iss: tenant })), context);
      expect(as.hitsOf('/.well-known/oauth-authorization-server/tenant-a')).toBe(1);
      expect(as.hitsOf('/tenant-a/.well-known/openid-configuration')).toBe(0);
    });

    it('falls back to the OpenID configuration appended to the issuer', async () => {
      const tenant = `${as.base}/tenant-b`;
      as.routes.set('/tenant-b/.well-known/openid-configuration', (r) => json(r, { issuer: tenant, jwks_uri: jwksUri }));
      const jwt = jwtVerifier({ issuer: tenant });
      expect(await jwt.verify(await sign(claims({ iss: tenant })), context)).toMatchObject({ issuer: tenant });
      expect(as.hitsOf('/.well-known/oauth-authorization-server/tenant-b')).toBe(1);
      expect(as.hitsOf('/tenant-b/.well-known/openid-configuration')).toBe(1);
    });

    it('refuses metadata naming another issuer, and does not ask again during the cooldown', async () => {
      const tenant = `${as.base}/tenant-c`;
      as.routes.set('/.well-known/oauth-authorization-server/tenant-c', (r) => json(r, { issuer: `${as.base}/evil`, jwks_uri: jwksUri }));
      as.routes.set('/tenant-c/.well-known/openid-configuration', (r) => json(r, { issuer: `${as.base}/evil`, jwks_uri: jwksUri }));
      const jwt = jwtVerifier({ issuer: tenant });
      const token = await sign(claims({ iss: tenant }));
      expect(await refusal(jwt.verify(token, context))).toMatchObject({
        type: 'unavailable',
        message: expect.stringContaining(`names issuer "${as.base}/evil", not ${tenant}`),
      });
      expect(await refusal(jwt.verify(token, context))).toMatchObject({ type: 'unavailable' });
      expect(as.hitsOf('/.well-known/oauth-authorization-server/tenant-c')).toBe(1);
      expect(as.hitsOf('/jwks')).toBe(0);
    });

    it('is unavailable when the metadata has no jwks_uri', async () => {
      const tenant = `${as.base}/tenant-d`;
      as.routes.set('/.well-known/oauth-authorization-server/tenant-d', (r) => json(r, { issuer: tenant }));
      expect(await refusal(jwtVerifier({ issuer: tenant }).verify(await sign(claims({ iss: tenant })), context))).toEqual({
        type: 'unavailable',
        message: `the metadata of issuer ${tenant} has no jwks_uri`,
      });
    });

    it('needs an issuer that is a URL', () => {
      expect(() => jwtVerifier({ issuer: 'not a url' })).toThrow(TypeError);
      expect(() => jwtVerifier({ issuer: 'not a url', jwksUri })).not.toThrow();
    });
  });

  describe('a static key', () => {
    it('an SPKI PEM public key', async () => {
      const jwt = jwtVerifier({ issuer, key: await exportSPKI(rsa.publicKey) });
      expect(await jwt.verify(await sign(), context)).toMatchObject({ subject: 'alice' });
      const other = await generateKeyPair('RS256');
      expect(await refusal(jwt.verify(await sign(claims(), { key: other.privateKey }), context))).toMatchObject({
        message: 'token signature is invalid',
      });
      expect(as.hitsOf('/jwks')).toBe(0);
    });

    it('a public JWK, whose `alg` must fit the token', async () => {
      const ed = await generateKeyPair('EdDSA', { extractable: true });
      const jwk = { ...(await exportJWK(ed.publicKey)), alg: 'EdDSA' };
      const jwt = jwtVerifier({ issuer, key: jwk });
      expect(await jwt.verify(await sign(claims(), { key: ed.privateKey, alg: 'EdDSA' }), context)).toBeDefined();
      expect(await refusal(jwtVerifier({ issuer, key: { ...jwk, alg: 'ES256' } }).verify(await sign(), context))).toMatchObject({
        type: 'invalid',
      });
    });

    it('an RS256 token against an EC key is refused as invalid, not a crash', async () => {
      const ec = await generateKeyPair('ES256', { extractable: true });
      const jwt = jwtVerifier({ issuer, key: await exportSPKI(ec.publicKey) });
      expect(await refusal(jwt.verify(await sign(), context))).toEqual({
        type: 'invalid',
        message: 'token algorithm does not fit the verification key',
      });
    });

    it('an HS256 shared secret (a string, bytes, or an oct JWK); asymmetric tokens refused', async () => {
      const secret = 'a-shared-secret-of-at-least-32-bytes!';
      const bytes = new TextEncoder().encode(secret);
      const hs = await sign(claims(), { key: bytes, alg: 'HS256' });
      expect(await jwtVerifier({ issuer, key: secret }).verify(hs, context)).toMatchObject({ subject: 'alice' });
      expect(await jwtVerifier({ issuer, key: bytes }).verify(hs, context)).toBeDefined();
      const oct = { kty: 'oct', k: Buffer.from(bytes).toString('base64url') };
      expect(await jwtVerifier({ issuer, key: oct }).verify(hs, context)).toBeDefined();
      expect(await refusal(jwtVerifier({ issuer, key: { ...oct, alg: 'HS512' } }).verify(hs, context))).toMatchObject({
        message: 'token algorithm does not fit the verification key',
      });
      expect(await refusal(jwtVerifier({ issuer, key: `${secret}x` }).verify(hs, context))).toMatchObject({ message: 'token signature is invalid' });
      expect(await refusal(jwtVerifier({ issuer, key: secret }).verify(await sign(), context))).toMatchObject({
        message: 'token algorithm is not allowed',
      });
    });

    it('refuses keys that are unsafe or not keys, when the verifier is built', async () => {
      const { privateKey } = await generateKeyPair('RS256', { extractable: true });
      const privatePem = await exportPKCS8(privateKey);
      expect(() => jwtVerifier({ issuer, key: 'too-short' })).toThrow(/at least 32 bytes/);
      expect(() => jwtVerifier({ issuer, key: 'x'.repeat(32), algorithms: ['RS256'] })).toThrow(TypeError);
      expect(() => jwtVerifier({ issuer, key: privatePem })).toThrow(/SPKI public key/);
      expect(() => jwtVerifier({ issuer, key: '-----BEGIN PUBLIC KEY-----\nnot base64\n-----END PUBLIC KEY-----' })).toThrow(/not a valid public key/);
      expect(() => jwtVerifier({ issuer, key: { ...(as.jwks.keys[0] as JWK), d: 'private' } })).toThrow(/private JWK/);
      expect(() => jwtVerifier({ issuer, key: 'x'.repeat(32), jwksUri })).toThrow(/either/);
      expect(() => verifier({ clockToleranceSec: -1 })).toThrow(TypeError);
      expect(() => verifier({ jwks: { timeoutMs: Number.NaN } })).toThrow(TypeError);
    });
  });
});
