import { Module } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { jwtVerifier, McpModule } from 'nestjs-mcp';
import { startApp, type RunningApp } from '../helpers/app.js';
import { TestIssuer, parseChallenge } from '../helpers/jwt-issuer.js';
import { freePort } from '../helpers/ports.js';
import { initializeBody, post } from '../helpers/raw-http.js';
import { AdminNotesModule, PublicNotesModule } from '../stdio/two-servers.module.js';

// Two servers of one app, each its own OAuth protected resource (its own resource URL, issuer and scopes): each
// endpoint challenges with its own metadata, the path-form metadata names the right resource, and a token minted
// for one resource is refused by the other.
const PRM = '/.well-known/oauth-protected-resource';
const ping = { jsonrpc: '2.0', id: 1, method: 'ping' };

describe('two servers, each an OAuth protected resource', () => {
  let issuer: TestIssuer;
  let app: RunningApp;
  let origin: string;

  beforeAll(async () => {
    issuer = await TestIssuer.start();
    const port = await freePort();
    origin = `http://127.0.0.1:${port}`;
    const verifier = jwtVerifier({ issuer: issuer.issuer });
    @Module({
      imports: [
        PublicNotesModule,
        AdminNotesModule,
        McpModule.forRoot({ name: 'public', version: '1.0.0', include: { modules: [PublicNotesModule] }, auth: { resourceUrl: `${origin}/mcp`, verifier } }),
        McpModule.forRoot({
          name: 'admin',
          version: '1.0.0',
          server: 'admin',
          path: 'admin/mcp',
          include: { modules: [AdminNotesModule] },
          auth: { resourceUrl: `${origin}/admin/mcp`, verifier, requiredScopes: ['notes:admin'] },
        }),
      ],
    })
    class ProtectedServers {}
    app = await startApp(ProtectedServers, { port });
  });
  afterAll(async () => {
    await app.close();
    await issuer.stop();
  });

  it('serves the path-form metadata of each resource, and the first server at the root form', async () => {
    for (const path of ['/mcp', '/admin/mcp']) {
      const document = await (await fetch(`${origin}${PRM}${path}`)).json();
      expect(document).toMatchObject({ resource: `${origin}${path}`, authorization_servers: [issuer.issuer] });
    }
    expect(await (await fetch(`${origin}${PRM}`)).json()).toMatchObject({ resource: `${origin}/mcp` });
    expect((await fetch(`${origin}${PRM}/elsewhere`)).status).toBe(404);
  });

  it('challenges each endpoint with its own metadata and scopes', async () => {
    const onPublic = await post(new URL('/mcp', origin), ping);
    expect(onPublic.status).toBe(401);
    expect(parseChallenge(onPublic.headers.get('www-authenticate')).params.resource_metadata).toBe(`${origin}${PRM}/mcp`);
    const onAdmin = await post(new URL('/admin/mcp', origin), ping);
    expect(onAdmin.status).toBe(401);
    const challenge = parseChallenge(onAdmin.headers.get('www-authenticate'));
    expect(challenge.params).toMatchObject({ resource_metadata: `${origin}${PRM}/admin/mcp`, scope: 'notes:admin' });
  });

  it("accepts a token for its own resource and refuses one minted for the other server's", async () => {
    const forPublic = await issuer.mint({ aud: `${origin}/mcp`, scope: 'notes:read' });
    const forAdmin = await issuer.mint({ aud: `${origin}/admin/mcp`, scope: 'notes:admin' });
    const statuses = await Promise.all(
      [
        ['/mcp', forPublic],
        ['/admin/mcp', forAdmin],
        ['/admin/mcp', forPublic],
        ['/mcp', forAdmin],
      ].map(async ([path, token]) => {
        const response = await post(new URL(path, origin), initializeBody(), { authorization: `Bearer ${token}` });
        await response.text();
        return response.status;
      }),
    );
    expect(statuses).toEqual([200, 200, 401, 401]);
  });
});
