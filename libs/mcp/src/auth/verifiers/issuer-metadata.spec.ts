import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AuthorizationServerUnavailableError } from '../../errors/auth.errors.js';
import { discoveryUrls, IssuerMetadata } from './issuer-metadata.js';

describe('discoveryUrls', () => {
  it('puts the RFC 8414 well-known between host and path, and appends the OpenID one', () => {
    expect(discoveryUrls('https://as.example/tenant/').map(String)).toEqual([
      'https://as.example/.well-known/oauth-authorization-server/tenant',
      'https://as.example/tenant/.well-known/openid-configuration',
    ]);
    expect(discoveryUrls('https://as.example').map(String)).toEqual([
      'https://as.example/.well-known/oauth-authorization-server',
      'https://as.example/.well-known/openid-configuration',
    ]);
  });

  it('refuses an issuer that is not a URL', () => {
    expect(() => discoveryUrls('as.example')).toThrow(TypeError);
  });
});

describe('IssuerMetadata', () => {
  let server: Server;
  let base = '';
  let hits = 0;
  let healthy = false;

  beforeAll(async () => {
    server = createServer((request, response) => {
      hits++;
      if (!healthy) return void response.writeHead(503).end();
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ issuer: base, jwks_uri: `${base}/jwks` }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('shares one discovery among concurrent callers, waits a cooldown after a failure, then keeps the success', async () => {
    const metadata = new IssuerMetadata(base, { timeoutMs: 1_000, cooldownMs: 500 });
    const failures = await Promise.allSettled([metadata.get(), metadata.get(), metadata.get()]);
    expect(failures.every((result) => result.status === 'rejected' && result.reason instanceof AuthorizationServerUnavailableError)).toBe(true);
    expect(hits).toBe(2); // both well-knowns, once
    healthy = true;
    await expect(metadata.get()).rejects.toThrow(/answered HTTP 503/);
    expect(hits).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(await metadata.endpoint('jwks_uri')).toBe(`${base}/jwks`);
    await metadata.get();
    expect(hits).toBe(3);
  });
});
