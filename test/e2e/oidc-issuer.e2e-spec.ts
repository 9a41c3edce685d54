import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import { OIDC_CLIENTS, startOidcIssuer, type OidcIssuer } from '../helpers/oidc-issuer.js';

// The harness itself: a real oidc-provider that the OAuth e2e tests (auth-oauth.e2e-spec.ts) rely on.
const RESOURCE = 'http://127.0.0.1:1/mcp';
const OTHER = 'https://other.example/mcp';

function basic(id: string, secret: string): string {
  return `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
}

describe('oidc-issuer harness (oidc-provider in process)', () => {
  let issuer: OidcIssuer;
  let opaque: OidcIssuer;

  beforeAll(async () => {
    issuer = await startOidcIssuer({ resources: [RESOURCE, OTHER] });
    opaque = await startOidcIssuer({ resources: [RESOURCE], tokenFormat: 'opaque' });
  });
  afterAll(async () => {
    await issuer.close();
    await opaque.close();
  });

  it('publishes RFC 8414 metadata with the endpoints the tests use', async () => {
    const metadata: any = await (await fetch(`${issuer.issuer}/.well-known/oauth-authorization-server`)).json();
    expect(metadata).toMatchObject({
      issuer: issuer.issuer,
      token_endpoint: `${issuer.issuer}/token`,
      jwks_uri: `${issuer.issuer}/jwks`,
      introspection_endpoint: `${issuer.issuer}/token/introspection`,
      revocation_endpoint: `${issuer.issuer}/token/revocation`,
      authorization_endpoint: `${issuer.issuer}/auth`,
      code_challenge_methods_supported: ['S256'],
      authorization_response_iss_parameter_supported: true,
    });
    expect(metadata.grant_types_supported).toEqual(expect.arrayContaining(['client_credentials', 'authorization_code']));
  });

  it('issues an RS256 at+jwt for the resource indicator by client credentials, and records the request', async () => {
    const before = issuer.count('/token');
    const { access_token, scope, token_type, expires_in } = await issuer.clientCredentialsToken({ scope: 'notes:read billing', resource: RESOURCE });
    expect(token_type).toBe('Bearer');
    expect(scope).toBe('notes:read billing');
    expect(expires_in).toBe(3600);
    expect(decodeProtectedHeader(access_token)).toMatchObject({ alg: 'RS256', typ: 'at+jwt', kid: issuer.signingKey.kid });
    const claims = decodeJwt(access_token);
    expect(claims).toMatchObject({ iss: issuer.issuer, aud: RESOURCE, scope: 'notes:read billing', client_id: OIDC_CLIENTS.m2m.id, sub: OIDC_CLIENTS.m2m.id });
    expect(claims.exp! - claims.iat!).toBe(3600);

    const jwks = await (await fetch(`${issuer.issuer}/jwks`)).json();
    await expect(jwtVerify(access_token, createLocalJWKSet(jwks as any), { issuer: issuer.issuer, audience: RESOURCE, typ: 'at+jwt' })).resolves.toBeDefined();
    expect(issuer.count('/token')).toBe(before + 1);
    expect(issuer.count('/jwks')).toBeGreaterThanOrEqual(1);
    expect(issuer.tokenRequests().at(-1)).toMatchObject({ grant_type: 'client_credentials', resource: RESOURCE, scope: 'notes:read billing' });
  });

  it('drops scopes the resource server does not have, honours client_secret_post, a short TTL and another indicator', async () => {
    const token = await issuer.clientCredentialsToken({ scope: 'notes:read unknown', resource: OTHER, auth: 'post', ttlSec: 1 });
    expect(token.scope).toBe('notes:read');
    expect(token.expires_in).toBe(1);
    expect(decodeJwt(token.access_token)).toMatchObject({ aud: OTHER, client_id: OIDC_CLIENTS.m2mPost.id });
    await expect(issuer.clientCredentialsToken({ scope: 'notes:read', resource: 'https://unknown.example/mcp' })).rejects.toThrow(/invalid_target/);
  });

  it("scripts alice's login and consent (authorization code + PKCE): her token carries roles and tenant", async () => {
    const token = await issuer.authorizationCodeToken({ login: 'alice', scope: 'notes:read notes:write', resource: RESOURCE });
    expect(decodeJwt(token.access_token)).toMatchObject({
      iss: issuer.issuer,
      aud: RESOURCE,
      sub: 'alice',
      client_id: OIDC_CLIENTS.app.id,
      scope: 'notes:read notes:write',
      roles: ['admin'],
      tenant: 'acme',
    });
    const bob = decodeJwt((await issuer.authorizationCodeToken({ login: 'bob', scope: 'notes:read', resource: RESOURCE })).access_token);
    expect(bob).toMatchObject({ sub: 'bob', scope: 'notes:read' });
    expect(bob.roles).toBeUndefined();
    expect(issuer.tokenRequests().at(-1)).toMatchObject({ grant_type: 'authorization_code', resource: RESOURCE });
  });

  it('in opaque mode, answers introspection for the resource server and forgets revoked tokens', async () => {
    const { access_token } = await opaque.clientCredentialsToken({ scope: 'notes:read', resource: RESOURCE });
    expect(access_token.split('.')).toHaveLength(1);
    const introspect = async (as: { id: string; secret: string } = OIDC_CLIENTS.resourceServer) =>
      (await fetch(`${opaque.issuer}/token/introspection`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basic(as.id, as.secret) },
        body: new URLSearchParams({ token: access_token }),
      }).then((response) => response.json())) as any;
    expect(await introspect()).toMatchObject({ active: true, iss: opaque.issuer, aud: RESOURCE, scope: 'notes:read', client_id: OIDC_CLIENTS.m2m.id });
    expect(await introspect(OIDC_CLIENTS.m2m)).toEqual({ active: false });
    await opaque.revoke(access_token);
    expect(await introspect()).toEqual({ active: false });
  });
});
