import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { Client as ClientV2 } from '@modelcontextprotocol/client';
import { StdioClientTransport as StdioTransportV2 } from '@modelcontextprotocol/client/stdio';
import { Client as ClientV1 } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport as StdioTransportV1 } from '@modelcontextprotocol/sdk/client/stdio.js';
import { Test, type TestingModule } from '@nestjs/testing';
import type { McpTokenVerifier } from 'nestjs-mcp';
import { McpTestClient } from 'nestjs-mcp/testing';
import { authModule } from '../fixtures/auth.fixture.js';
import { textOf } from '../helpers/clients.js';

/*
 * Stdio and in memory have no bearer tokens and no HTTP challenge: the principal is given to bootstrapStdio /
 * McpTestClient, and a component whose requirements it does not meet answers a JSON-RPC error -32003 `Forbidden: ...`
 * naming what is missing. Components without requirements work with no principal at all.
 */

/** The HTTP verifier of the app: must never be asked off HTTP. */
const verifierCalls: string[] = [];
const neverAsked: McpTokenVerifier = {
  issuer: 'https://issuer.invalid',
  async verify(token) {
    verifierCalls.push(token);
    throw new Error('the token verifier was called off HTTP');
  },
};

/** Resolves with what a call rejected with (fails the test if it did not). */
async function rejection(call: Promise<unknown>): Promise<{ code?: number; message: string }> {
  return call.then(
    (result) => {
      throw new Error(`expected a JSON-RPC error, got ${JSON.stringify(result)}`);
    },
    (error: { code?: number; message: string }) => error,
  );
}

describe('in memory: McpTestClient.create(app, { auth })', () => {
  let moduleRef: TestingModule;

  beforeAll(async () => {
    moduleRef = await Test.createTestingModule({
      imports: [authModule({ resourceUrl: 'https://mcp.example.com/mcp', verifier: neverAsked })],
    }).compile();
  });
  afterAll(async () => {
    await moduleRef.close();
    expect(verifierCalls).toEqual([]);
  });

  it('acts for the given principal: read_notes works, write_note is Forbidden naming notes:write, status works', async () => {
    const client = await McpTestClient.create(moduleRef, { auth: { subject: 'alice', scopes: ['notes:read'] } });
    try {
      expect(textOf(await client.callTool('read_notes'))).toBe('note 1, note 2');
      const refused = await rejection(client.callTool('write_note', { text: 'x' }));
      expect(refused.code).toBe(-32003);
      expect(refused.message).toMatch(/Forbidden:.*notes:write/);
      expect(textOf(await client.callTool('status'))).toBe('up');
      expect(JSON.parse(textOf(await client.callTool('whoami')))).toMatchObject({ subject: 'alice', scopes: ['notes:read'] });
      // The list still shows what may not be called (no hideForbidden).
      expect((await client.listTools()).tools.map((tool) => tool.name)).toEqual(expect.arrayContaining(['read_notes', 'write_note', 'status']));
      const resource = await client.readResource('notes://secret');
      expect(resource.contents[0]).toMatchObject({ text: 'the secret note' });
      const prompt = await rejection(client.getPrompt('draft'));
      expect([prompt.code, /Forbidden:.*notes:write/.test(prompt.message)]).toEqual([-32003, true]);
    } finally {
      await client.close();
    }
  });

  it('checks roles and claims of the principal too', async () => {
    const client = await McpTestClient.create(moduleRef, { auth: { subject: 'root', scopes: [], roles: ['admin'], claims: { tenant: 'globex' } } });
    try {
      expect(textOf(await client.callTool('purge'))).toBe('purged');
      const refused = await rejection(client.callTool('tenant_report'));
      expect([refused.code, /^.*Forbidden:/.test(refused.message)]).toEqual([-32003, true]);
    } finally {
      await client.close();
    }
  });

  it('without a principal: read_notes is refused, whoami answers anonymous, status works', async () => {
    const client = await McpTestClient.create(moduleRef);
    try {
      const refused = await rejection(client.callTool('read_notes'));
      expect(refused.code).toBe(-32003);
      // No principal at all: the refusal names the tool (the whole principal is what is missing, not one scope).
      expect(refused.message).toMatch(/Forbidden:.*read_notes/);
      expect(JSON.parse(textOf(await client.callTool('whoami')))).toEqual({ anonymous: true });
      expect(textOf(await client.callTool('status'))).toBe('up');
      expect(textOf(await client.callTool('prices'))).toBe('prices');
      expect((await rejection(client.callTool('invoice'))).code).toBe(-32003);
    } finally {
      await client.close();
    }
  });
});

/** test/stdio/auth-main.ts, built by `npm run build:fixtures`: the app of auth-notes.module.ts over stdio. */
const entry = resolve(process.cwd(), 'dist-stdio/auth-main.js');

/** A principal with notes:read only: read_notes answers, write_note is refused (-32003, naming notes:write), status answers. */
async function expectReadButNotWrite(client: { callTool(params: { name: string; arguments: Record<string, unknown> }): Promise<unknown> }): Promise<void> {
  expect(textOf(await client.callTool({ name: 'read_notes', arguments: {} }))).toBe('note 1, note 2');
  const refused = await rejection(client.callTool({ name: 'write_note', arguments: { text: 'x' } }));
  expect(refused.code).toBe(-32003);
  expect(refused.message).toMatch(/Forbidden:.*notes:write/);
  expect(textOf(await client.callTool({ name: 'status', arguments: {} }))).toBe('up');
}

describe('stdio: bootstrapStdio(module, { auth }) in a real child process', () => {
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    await Promise.all(closers.splice(0).map((close) => close()));
  });

  it('has been built', () => {
    expect(existsSync(entry)).toBe(true);
  });

  it('v1 client (2025-11-25), acting for alice with notes:read: read_notes works, write_note is Forbidden, status works', async () => {
    const transport = new StdioTransportV1({ command: process.execPath, args: [entry], stderr: 'pipe' });
    let stderr = '';
    transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const client = new ClientV1({ name: 'auth-stdio-v1', version: '1.0.0' });
    await client.connect(transport);
    closers.push(() => client.close());
    await expectReadButNotWrite(client);
    expect(JSON.parse(textOf(await client.callTool({ name: 'whoami', arguments: {} })))).toMatchObject({ subject: 'alice', clientId: 'desktop-host', scopes: ['notes:read'] });
    expect(stderr).not.toMatch(/verifier was called|ERROR/);
  });

  it('v2 client (2026-07-28), same principal: the same three outcomes', async () => {
    const transport = new StdioTransportV2({ command: process.execPath, args: [entry], stderr: 'ignore' });
    const client = new ClientV2({ name: 'auth-stdio-v2', version: '1.0.0' }, { versionNegotiation: { mode: { pin: '2026-07-28' } } });
    await client.connect(transport);
    closers.push(() => client.close());
    await expectReadButNotWrite(client);
  });

  it('without a principal (AUTH_STDIO_PRINCIPAL=none): read_notes is refused, whoami answers anonymous, status works', async () => {
    const transport = new StdioTransportV2({ command: process.execPath, args: [entry], stderr: 'ignore', env: { AUTH_STDIO_PRINCIPAL: 'none' } });
    const client = new ClientV2({ name: 'auth-stdio-anonymous', version: '1.0.0' });
    await client.connect(transport);
    closers.push(() => client.close());
    const refused = await rejection(client.callTool({ name: 'read_notes', arguments: {} }));
    expect(refused.code).toBe(-32003);
    // No principal at all: the refusal names the tool (the whole principal is what is missing, not one scope).
    expect(refused.message).toMatch(/Forbidden:.*read_notes/);
    expect(JSON.parse(textOf(await client.callTool({ name: 'whoami', arguments: {} })))).toEqual({ anonymous: true });
    expect(textOf(await client.callTool({ name: 'status', arguments: {} }))).toBe('up');
  });
});
