import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { startApp, type RunningApp } from '../helpers/app.js';
import { startOidcIssuer, type OidcIssuer } from '../helpers/oidc-issuer.js';
import { freePort } from '../helpers/ports.js';

/** The demo as `MCP_AUTH_ISSUER=... npm start` runs it, against a real authorization server. */
describe('the demo server with MCP_AUTH_ISSUER set', () => {
  let issuer: OidcIssuer;
  let server: RunningApp;
  let resourceUrl: string;

  beforeAll(async () => {
    const port = await freePort();
    resourceUrl = `http://127.0.0.1:${port}/mcp`;
    issuer = await startOidcIssuer({ resources: [resourceUrl], scopes: 'notes:read notes:write notes:admin' });
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

  const connect = async (token: string) => {
    const client = new Client({ name: 'demo-auth-test', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(resourceUrl), { requestInit: { headers: { authorization: `Bearer ${token}` } } }));
    return client;
  };

  it('publishes its metadata and challenges a client without a token', async () => {
    const metadata = await (await fetch(new URL('/.well-known/oauth-protected-resource/mcp', server.origin))).json();
    expect(metadata).toMatchObject({ resource: resourceUrl, authorization_servers: [issuer.issuer], scopes_supported: ['notes:read', 'notes:write', 'notes:admin'] });
    const response = await fetch(resourceUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'x', version: '1' } } }),
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe(
      `Bearer scope="notes:read", resource_metadata="${new URL('/.well-known/oauth-protected-resource/mcp', server.origin).href}"`,
    );
  });

  it('serves a notes:read token (JWKS found through the issuer metadata) and keeps the admin tool for notes:admin', async () => {
    const reader = await connect((await issuer.clientCredentialsToken({ scope: 'notes:read', resource: resourceUrl })).access_token);
    const readerTools = (await reader.listTools()).tools.map((tool) => tool.name);
    expect(readerTools).toContain('searchNotes');
    expect(readerTools).not.toContain('clearNotes');
    await reader.close();
    const admin = await connect((await issuer.clientCredentialsToken({ scope: 'notes:admin', resource: resourceUrl })).access_token);
    expect((await admin.listTools()).tools.map((tool) => tool.name)).toContain('clearNotes');
    const added = await admin.callTool({ name: 'addNote', arguments: { text: 'from an admin token', tags: ['auth'] } });
    expect(added.isError).toBeFalsy();
    await admin.close();
  });

  it('refuses a token granted no scope with insufficient_scope', async () => {
    const { access_token } = await issuer.clientCredentialsToken({ resource: resourceUrl });
    const response = await fetch(resourceUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', authorization: `Bearer ${access_token}` },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'x', version: '1' } } }),
    });
    expect(response.status).toBe(403);
    expect(response.headers.get('www-authenticate')).toContain('error="insufficient_scope"');
  });
});
