import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { runCli } from '../helpers/run-cli.js';

// The command is a client: what a server sends it is untrusted. A raw JSON-RPC server answers the handshake like any
// MCP server, then lists in hostile ways; the command must stop with a clear message, never hang or loop.
type Behaviour = (method: string, params: Record<string, unknown>) => unknown | 'hang';
const INITIALIZED = { protocolVersion: '2025-11-25', capabilities: { tools: {} }, serverInfo: { name: 'hostile', version: '0.0.0' } };

function nested(depth: number): Record<string, unknown> {
  let schema: Record<string, unknown> = { type: 'string' };
  for (let level = 0; level < depth; level++) schema = { type: 'object', properties: { deeper: schema } };
  return schema;
}

const BEHAVIOURS: Record<string, Behaviour> = {
  'loop': () => ({ tools: [{ name: 'a', inputSchema: { type: 'object' } }], nextCursor: 'again' }),
  'deep': () => ({ tools: [{ name: 'deep', inputSchema: nested(400) }] }),
  'silent': () => 'hang',
  'escapes': () => ({ tools: [{ name: 'evil\u001b]0;owned\u0007', description: 'clears\u001b[2J the screen', inputSchema: { type: 'object' } }] }),
};

describe('nestjs-mcp against a hostile server', () => {
  let server: Server;
  let base: string;

  beforeAll(async () => {
    server = createServer((request: IncomingMessage, response: ServerResponse) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk));
      request.on('end', () => {
        if (request.method !== 'POST') return void response.writeHead(405).end();
        const message = JSON.parse(body) as { id?: number; method: string; params?: Record<string, unknown> };
        if (message.id === undefined) return void response.writeHead(202).end();
        const behaviour = BEHAVIOURS[request.url!.slice(1)];
        const result = message.method === 'initialize' ? INITIALIZED : behaviour(message.method, message.params ?? {});
        if (result === 'hang') return;
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ jsonrpc: '2.0', id: message.id, result }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('stops a list that pages in a loop', async () => {
    expect(await runCli(['list', `${base}/loop`])).toEqual({ code: 2, stdout: '', stderr: `nestjs-mcp: the server's tools list repeats the cursor "again": it pages in a loop\n` });
  });

  it('refuses a schema nested past 256 levels for JSON and snapshots, and still lists it for reading', async () => {
    expect(await runCli(['list', `${base}/deep`, '--json'])).toEqual({ code: 2, stdout: '', stderr: `nestjs-mcp: the server's lists nest deeper than 256 levels\n` });
    const human = await runCli(['list', `${base}/deep`]);
    expect(human.code).toBe(0);
    expect(human.stdout).toContain('deep(deeper?: object)');
  });

  it('gives up on a server that does not answer, after --timeout', async () => {
    const started = Date.now();
    const run = await runCli(['list', `${base}/silent`, '--timeout', '700']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/no answer within 700 ms|timed out/i);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it("shows a server's terminal escape sequences as text instead of obeying them", async () => {
    const run = await runCli(['list', `${base}/escapes`]);
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain('\u001b');
    expect(run.stdout).toContain('evil\\u001b]0;owned\\u0007');
    expect(run.stdout).toContain('clears\\u001b[2J the screen');
  });
});
