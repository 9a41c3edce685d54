import { resolve } from 'node:path';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { Client } from '@modelcontextprotocol/client';
import { Injectable, Module } from '@nestjs/common';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { InjectMcpRegistry, McpModule, McpRegistry } from 'nestjs-mcp';
import { McpTestClient } from 'nestjs-mcp/testing';
import { TwoServersModule } from '../stdio/two-servers.module.js';
import { startApp, type RunningApp } from '../helpers/app.js';
import { ALL_CLIENTS, connect, withClients } from '../helpers/clients.js';
import { openSession, post, sessionHeaders } from '../helpers/raw-http.js';

// Several MCP servers in one Nest app: each McpModule.forRoot is a server of its own, with its name, path, HTTP
// guards, limits and state, serving the components its `include` / `exclude` select by module and tag
// (test/stdio/two-servers.module.ts: `public` at /mcp, the server that names none; `admin` at /admin/mcp).
const ADMIN = { 'x-role': 'admin' };

describe('two MCP servers in one app', () => {
  let server: RunningApp;
  let publicUrl: URL;
  let adminUrl: URL;

  beforeAll(async () => {
    server = await startApp(TwoServersModule);
    publicUrl = new URL('/mcp', server.origin);
    adminUrl = new URL('/admin/mcp', server.origin);
  });
  afterAll(() => server.close());

  it.each(ALL_CLIENTS)('each serves its own name and components, selected by module and tag (%s client)', async (kind) => {
    await withClients([connect(kind, publicUrl), connect(kind, adminUrl, { headers: ADMIN })], async (onPublic, onAdmin) => {
      expect((await onPublic.listTools()).tools.map((tool) => tool.name)).toEqual(['findNotes']);
      expect((await onAdmin.listTools()).tools.map((tool) => tool.name).sort()).toEqual(['diagnose', 'findNotes', 'purgeNotes']);
      expect((await onAdmin.callTool('purgeNotes')).content).toEqual([{ type: 'text', text: 'purged' }]);
      await expect(onPublic.callTool('purgeNotes')).rejects.toMatchObject({ code: -32602 });
    });
  });

  it('names each server in its handshake', async () => {
    await withClients([connect('v2-legacy', publicUrl), connect('v2-legacy', adminUrl, { headers: ADMIN })], async (onPublic, onAdmin) => {
      expect(onPublic.raw.getServerVersion()).toMatchObject({ name: 'public', version: '1.0.0' });
      expect(onAdmin.raw.getServerVersion()).toMatchObject({ name: 'admin', version: '2.0.0' });
    });
  });

  it("applies each server's HTTP guards to its own endpoint only", async () => {
    const refused = await post(adminUrl, { jsonrpc: '2.0', id: 1, method: 'ping' });
    expect(refused.status).toBe(403);
    await refused.text();
    const open = await openSession(publicUrl);
    expect(open).toMatch(/\S/);
  });

  it("applies each server's body limit to its own endpoint only", async () => {
    const big = { jsonrpc: '2.0', id: 1, method: 'ping', params: { _meta: { pad: 'x'.repeat(4096) } } };
    const onPublic = await post(publicUrl, big);
    expect(onPublic.status).toBe(413);
    await onPublic.text();
    const onAdmin = await post(adminUrl, big, ADMIN);
    expect(onAdmin.status).not.toBe(413);
    await onAdmin.text();
  });

  it("keeps sessions apart: one server's session id is unknown to the other", async () => {
    const sessionId = await openSession(publicUrl);
    const elsewhere = await post(adminUrl, { jsonrpc: '2.0', id: 2, method: 'tools/list' }, { ...ADMIN, ...sessionHeaders(sessionId) });
    expect(elsewhere.status).toBe(404);
    await elsewhere.text();
    const home = await post(publicUrl, { jsonrpc: '2.0', id: 3, method: 'tools/list' }, sessionHeaders(sessionId));
    expect(home.status).toBe(200);
    await home.text();
  });
});

@Injectable()
class AdminExtras {
  constructor(@InjectMcpRegistry('admin') readonly admin: McpRegistry, @InjectMcpRegistry() readonly publicOne: McpRegistry) {}
}

@Module({ imports: [TwoServersModule], providers: [AdminExtras] })
class WithExtras {}

describe('two MCP servers: the test kit, named injection and stdio', () => {
  it('connects the test kit to either server, in memory and over HTTP', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [TwoServersModule] }).compile();
    const app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter());
    const clients = [
      await McpTestClient.create(moduleRef),
      await McpTestClient.create(moduleRef, { server: 'admin' }),
      await McpTestClient.http(app, { server: 'admin', headers: ADMIN }),
    ];
    try {
      const [onPublic, inMemoryAdmin, overHttpAdmin] = await Promise.all(clients.map(async (client) => (await client.listTools()).tools.map((tool) => tool.name).sort()));
      expect(onPublic).toEqual(['findNotes']);
      expect(inMemoryAdmin).toEqual(['diagnose', 'findNotes', 'purgeNotes']);
      expect(overHttpAdmin).toEqual(inMemoryAdmin);
      await expect(McpTestClient.create(moduleRef, { server: 'nope' })).rejects.toThrow('No MCP server "nope" in this module');
    } finally {
      await Promise.all(clients.map((client) => client.close()));
      await app.close();
    }
  });

  it("injects each server's registry by its key; a tool added to one appears on that server only", async () => {
    const moduleRef = await Test.createTestingModule({ imports: [WithExtras] }).compile();
    const extras = moduleRef.get(AdminExtras);
    expect(extras.admin).not.toBe(extras.publicOne);
    extras.admin.addTool({ name: 'reindexAll', description: 'Rebuild the index', handler: () => 'done' });
    const onAdmin = await McpTestClient.create(moduleRef, { server: 'admin' });
    const onPublic = await McpTestClient.create(moduleRef);
    try {
      expect((await onAdmin.callTool('reindexAll')).content).toEqual([{ type: 'text', text: 'done' }]);
      expect((await onPublic.listTools()).tools.map((tool) => tool.name)).toEqual(['findNotes']);
    } finally {
      await onAdmin.close();
      await onPublic.close();
      await moduleRef.close();
    }
  });

  it.each([
    ['the default', undefined, ['findNotes']],
    ['the admin', 'admin', ['diagnose', 'findNotes', 'purgeNotes']],
  ])('serves %s server over stdio with bootstrapStdio({ server })', async (_label, name, tools) => {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [resolve(process.cwd(), 'dist-stdio/two-servers-main.js')],
      env: { ...(process.env as Record<string, string>), ...(name ? { MCP_SERVER: name } : {}) },
      stderr: 'pipe',
    });
    const client = new Client({ name: 'stdio-two-servers', version: '1.0.0' });
    await client.connect(transport);
    try {
      expect(client.getServerVersion()?.name).toBe(name ?? 'public');
      expect((await client.listTools()).tools.map((tool) => tool.name).sort()).toEqual(tools);
    } finally {
      await client.close();
    }
  });
});

describe('two MCP servers: mistakes refused at bootstrap', () => {
  it('refuses two servers under one key', async () => {
    @Module({
      imports: [
        McpModule.forRoot({ name: 'one', version: '1.0.0' }),
        McpModule.forRoot({ name: 'two', version: '1.0.0', path: 'two/mcp' }),
      ],
    })
    class SameKey {}
    await expect(Test.createTestingModule({ imports: [SameKey] }).compile()).rejects.toThrow('2 McpModule servers have the key "default"');
  });

  it('refuses a server key that is not a plain word', () => {
    for (const server of ['', 'a:b', 'admin server', 'x'.repeat(65)]) {
      expect(() => McpModule.forRoot({ name: 'bad', version: '1.0.0', server })).toThrow(`McpModule server key ${JSON.stringify(server)}: use 1 to 64 letters, digits, _ and -`);
    }
  });
});
