import { resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { Test } from '@nestjs/testing';
import { McpTestClient } from 'nestjs-mcp/testing';
import { AppModule } from '../../src/app.module.js';
import { startApp, type RunningApp } from '../helpers/app.js';
import { ALL_CLIENTS, connect, textOf, type AnyClient, type ClientHandlers } from '../helpers/clients.js';
import { initializeBody, post } from '../helpers/raw-http.js';

// The demo's two servers (src/app.module.ts): the public notes server at /mcp, and the admin server at /admin/mcp
// (AdminModule: noteStats, clearNotes) behind the `x-role: admin` HTTP guard, both over one NotesService.
const ADMIN = { 'x-role': 'admin' };

describe.each(ALL_CLIENTS)('the demo admin server at /admin/mcp with the %s client', (kind) => {
  let server: RunningApp;
  let publicUrl: URL;
  let adminUrl: URL;
  const clients: AnyClient[] = [];
  const open = async (url: URL, handlers?: ClientHandlers) => {
    const client = await connect(kind, url, handlers);
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    server = await startApp(AppModule);
    publicUrl = new URL('/mcp', server.origin);
    adminUrl = new URL('/admin/mcp', server.origin);
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.close()));
  });
  afterAll(() => server.close());

  it('refuses a client without x-role: admin (HTTP 403)', async () => {
    await expect(connect(kind, adminUrl)).rejects.toThrow(/403|Forbidden/);
    await expect(connect(kind, adminUrl, { headers: { 'x-role': 'user' } })).rejects.toThrow(/403|Forbidden/);
  });

  it('serves the admin tools under its own name, and none of the public ones', async () => {
    const admin = await open(adminUrl, { headers: ADMIN });
    expect(admin.raw.getServerVersion()).toMatchObject({ name: 'notes-admin', version: '1.0.0' });
    const { tools } = await admin.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual(['clearNotes', 'noteStats']);
    expect(tools.find((tool) => tool.name === 'clearNotes').annotations).toEqual({ destructiveHint: true });
    expect(tools.find((tool) => tool.name === 'noteStats').outputSchema).toMatchObject({ type: 'object', required: ['notes', 'tags'] });
    await expect(admin.callTool('addNote', { text: 'not here' })).rejects.toThrow(/Unknown tool: addNote/);
  });

  it('shares the notes of the public server: added on /mcp, counted and cleared (after a confirmation) on /admin/mcp', async () => {
    const onPublic = await open(publicUrl);
    const asked: any[] = [];
    const answers = [{ action: 'decline' }, { action: 'accept', content: { confirm: true } }];
    const onAdmin = await open(adminUrl, { headers: ADMIN, elicitation: (params) => (asked.push(params), answers.shift()) });
    await onPublic.callTool('addNote', { text: 'one', tags: ['shared', 'first'] });
    await onPublic.callTool('addNote', { text: 'two', tags: ['shared', 'shared'] });

    const stats = await onAdmin.callTool('noteStats', {});
    expect(stats.structuredContent).toEqual({ notes: 2, tags: [{ tag: 'shared', notes: 2 }, { tag: 'first', notes: 1 }] });
    expect(textOf(await onAdmin.callTool('clearNotes', {}))).toBe('Nothing was deleted.');
    expect(asked[0]).toMatchObject({ message: 'Delete all 2 notes?', requestedSchema: { properties: { confirm: { type: 'boolean' } } } });
    expect(textOf(await onPublic.callTool('countNotes', {}))).toBe('2 note(s)');

    expect(textOf(await onAdmin.callTool('clearNotes', {}))).toBe('Deleted 2 note(s).');
    expect(textOf(await onPublic.callTool('countNotes', {}))).toBe('0 note(s)');
    expect((await onAdmin.callTool('noteStats', {})).structuredContent).toEqual({ notes: 0, tags: [] });
  });
});

describe('the demo admin server: its HTTP door, the test kit and stdio', () => {
  let server: RunningApp;
  beforeAll(async () => {
    server = await startApp(AppModule);
  });
  afterAll(() => server.close());

  it('answers POST, GET and DELETE without the admin header with 403 before the MCP layer, and leaves /mcp open', async () => {
    const adminUrl = new URL('/admin/mcp', server.origin);
    const refusals = await Promise.all([
      post(adminUrl, initializeBody()),
      post(adminUrl, initializeBody(), { 'x-role': 'Admin' }),
      fetch(adminUrl, { headers: { accept: 'text/event-stream', 'mcp-session-id': 'anything' } }),
      fetch(adminUrl, { method: 'DELETE', headers: { 'mcp-session-id': 'anything' } }),
    ]);
    for (const response of refusals) {
      expect(response.status).toBe(403);
      expect(await response.json()).toMatchObject({ statusCode: 403, message: 'Forbidden resource' });
    }
    for (const [url, headers] of [
      [adminUrl, ADMIN],
      [new URL('/mcp', server.origin), {}],
    ] as const) {
      const response = await post(url, initializeBody(), headers);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^(application\/json|text\/event-stream)/);
      await response.text();
    }
  });

  it('the test kit connects to the public server by default and to the admin one by its key', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
    const clients = [await McpTestClient.create(moduleRef), await McpTestClient.create(moduleRef, { server: 'admin' })];
    try {
      const [onPublic, onAdmin] = await Promise.all(clients.map(async (client) => (await client.listTools()).tools.map((tool) => tool.name).sort()));
      expect(onPublic).toEqual(['addNote', 'countNotes', 'reindex', 'searchNotes', 'summarizeNotes']);
      expect(onAdmin).toEqual(['clearNotes', 'noteStats']);
    } finally {
      await Promise.all(clients.map((client) => client.close()));
      await moduleRef.close();
    }
  });

  it('the stdio entry (dist/stdio.js) serves the public server, without the admin tools', async () => {
    const transport = new StdioClientTransport({ command: process.execPath, args: [resolve(process.cwd(), 'dist/stdio.js')], stderr: 'ignore' });
    const client = new Client({ name: 'demo-admin-stdio', version: '1.0.0' });
    await client.connect(transport);
    try {
      expect(client.getServerVersion()?.name).toBe('notes');
      const names = (await client.listTools()).tools.map((tool) => tool.name);
      expect(names).toContain('addNote');
      expect(names).not.toContain('clearNotes');
      expect(names).not.toContain('noteStats');
    } finally {
      await client.close();
    }
  });
});
