import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { startApp, type RunningApp } from '../helpers/app.js';
import { startOidcIssuer, type OidcIssuer } from '../helpers/oidc-issuer.js';
import { freePort } from '../helpers/ports.js';
import { initializeBody, post } from '../helpers/raw-http.js';

/** The demo as `MCP_AUTH_ISSUER=... npm start` runs it, against a real authorization server. */
describe('the demo server with MCP_AUTH_ISSUER set', () => {
  let issuer: OidcIssuer;
  let server: RunningApp;
  let resourceUrl: string;
  let adminUrl: string;

  beforeAll(async () => {
    const port = await freePort();
    resourceUrl = `http://127.0.0.1:${port}/mcp`;
    adminUrl = `http://127.0.0.1:${port}/admin/mcp`;
    issuer = await startOidcIssuer({ resources: [resourceUrl, adminUrl], scopes: 'notes:read notes:write notes:admin' });
    process.env.MCP_AUTH_ISSUER = issuer.issuer;
    process.env.PORT = String(port);
    // The module reads the environment when it is first evaluated, as `node dist/main.js` does.
    const { AppModule } = await import('../../src/app.module.js');
    server = await startApp(AppModule, { port });
  });
  afterAll(async () => {
    delete process.env.MCP_AUTH_ISSUER;
    delete process.env.PORT;
    await server?.close();
    await issuer?.close();
  });

  const connect = async (token: string, url = resourceUrl) => {
    const client = new Client({ name: 'demo-auth-test', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: { authorization: `Bearer ${token}` } } }));
    return client;
  };
  const tokenFor = async (resource: string, scope?: string) => (await issuer.clientCredentialsToken({ resource, ...(scope ? { scope } : {}) })).access_token;
  const initialize = (url: string, headers: Record<string, string> = {}) => post(new URL(url), initializeBody(), headers);

  it('publishes its metadata and challenges a client without a token', async () => {
    const metadata = await (await fetch(new URL('/.well-known/oauth-protected-resource/mcp', server.origin))).json();
    expect(metadata).toMatchObject({ resource: resourceUrl, authorization_servers: [issuer.issuer], scopes_supported: ['notes:read', 'notes:write', 'notes:admin'] });
    const response = await initialize(resourceUrl);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe(
      `Bearer scope="notes:read", resource_metadata="${new URL('/.well-known/oauth-protected-resource/mcp', server.origin).href}"`,
    );
  });

  it('serves a notes:read token (JWKS found through the issuer metadata) the notes tools, without the admin ones', async () => {
    const reader = await connect(await tokenFor(resourceUrl, 'notes:read'));
    const readerTools = (await reader.listTools()).tools.map((tool) => tool.name);
    expect(readerTools).toContain('searchNotes');
    expect(readerTools).not.toContain('clearNotes');
    await reader.close();
  });

  it('makes the admin server a protected resource of its own, asking for notes:admin (x-role: admin is no way in)', async () => {
    const adminMetadata = new URL('/.well-known/oauth-protected-resource/admin/mcp', server.origin).href;
    expect(await (await fetch(adminMetadata)).json()).toMatchObject({ resource: adminUrl, authorization_servers: [issuer.issuer], scopes_supported: ['notes:admin'] });
    const anonymous = await initialize(adminUrl, { 'x-role': 'admin' });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toBe(`Bearer scope="notes:admin", resource_metadata="${adminMetadata}"`);
    const statuses = await Promise.all(
      [
        await tokenFor(resourceUrl, 'notes:admin'), // minted for the notes server: another audience
        await tokenFor(adminUrl, 'notes:read'),
      ].map(async (token) => {
        const response = await initialize(adminUrl, { authorization: `Bearer ${token}` });
        await response.text();
        return response.status;
      }),
    );
    expect(statuses).toEqual([401, 403]);
  });

  it('serves a notes:admin token for the admin resource the admin tools, over the notes of the public server', async () => {
    const writer = await connect(await tokenFor(resourceUrl, 'notes:write'));
    const added = await writer.callTool({ name: 'addNote', arguments: { text: 'from a writer token', tags: ['auth'] } });
    expect(added.isError).toBeFalsy();
    await writer.close();
    const admin = await connect(await tokenFor(adminUrl, 'notes:admin'), adminUrl);
    expect((await admin.listTools()).tools.map((tool) => tool.name).sort()).toEqual(['clearNotes', 'noteStats']);
    const stats = await admin.callTool({ name: 'noteStats', arguments: {} });
    expect(stats.structuredContent).toMatchObject({ tags: expect.arrayContaining([{ tag: 'auth', notes: 1 }]) });
    await admin.close();
  });

  it('refuses a token granted no scope with insufficient_scope', async () => {
    const response = await initialize(resourceUrl, { authorization: `Bearer ${await tokenFor(resourceUrl)}` });
    expect(response.status).toBe(403);
    expect(response.headers.get('www-authenticate')).toContain('error="insufficient_scope"');
  });
});
