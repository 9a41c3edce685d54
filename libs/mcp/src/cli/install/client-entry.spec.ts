import { describe, expect, it } from '@jest/globals';
import { CliError } from '../cli-error.js';
import { clientEntryOf } from './client-entry.js';
import type { InstallServer } from './install-server.js';
import { MCP_CLIENTS } from './mcp-clients.js';

const stdio: InstallServer = { kind: 'stdio', command: '/usr/bin/node', args: ['/app/dist/stdio.js'], env: { LOG_LEVEL: 'debug' } };
const http: InstallServer = { kind: 'http', url: 'https://mcp.example.com/mcp', headers: { Authorization: 'Bearer t0k' }, env: {} };

describe('clientEntryOf', () => {
  it('stdio: typed for Claude Code and VS Code, untyped for Claude Desktop and Cursor', () => {
    const typed = { type: 'stdio', command: '/usr/bin/node', args: ['/app/dist/stdio.js'], env: { LOG_LEVEL: 'debug' } };
    const untyped = { command: '/usr/bin/node', args: ['/app/dist/stdio.js'], env: { LOG_LEVEL: 'debug' } };
    expect(clientEntryOf(MCP_CLIENTS['claude-code'], stdio)).toEqual({ entry: typed, bridged: false });
    expect(clientEntryOf(MCP_CLIENTS.vscode, stdio)).toEqual({ entry: typed, bridged: false });
    expect(clientEntryOf(MCP_CLIENTS['claude-desktop'], stdio)).toEqual({ entry: untyped, bridged: false });
    expect(clientEntryOf(MCP_CLIENTS.cursor, stdio)).toEqual({ entry: untyped, bridged: false });
  });

  it('stdio without env: no empty env object', () => {
    expect(clientEntryOf(MCP_CLIENTS.cursor, { ...stdio, env: {} }).entry).toEqual({ command: '/usr/bin/node', args: ['/app/dist/stdio.js'] });
  });

  it('HTTP: { type: "http", url, headers } for Claude Code and VS Code, { url, headers } for Cursor', () => {
    const typed = { type: 'http', url: 'https://mcp.example.com/mcp', headers: { Authorization: 'Bearer t0k' } };
    expect(clientEntryOf(MCP_CLIENTS['claude-code'], http)).toEqual({ entry: typed, bridged: false });
    expect(clientEntryOf(MCP_CLIENTS.vscode, http)).toEqual({ entry: typed, bridged: false });
    expect(clientEntryOf(MCP_CLIENTS.cursor, http)).toEqual({ entry: { url: 'https://mcp.example.com/mcp', headers: { Authorization: 'Bearer t0k' } }, bridged: false });
    expect(clientEntryOf(MCP_CLIENTS.cursor, { ...http, headers: {} }).entry).toEqual({ url: 'https://mcp.example.com/mcp' });
  });

  it('HTTP for Claude Desktop: the mcp-remote bridge, each header value in env and referenced as ${VAR}', () => {
    const server: InstallServer = { ...http, headers: { Authorization: 'Bearer t0k', 'X-Tenant': 'acme' }, env: { NODE_EXTRA_CA_CERTS: '/ca.pem' } };
    expect(clientEntryOf(MCP_CLIENTS['claude-desktop'], server)).toEqual({
      bridged: true,
      entry: {
        command: 'npx',
        args: ['-y', 'mcp-remote', 'https://mcp.example.com/mcp', '--header', 'Authorization:${MCP_HEADER_AUTHORIZATION}', '--header', 'X-Tenant:${MCP_HEADER_X_TENANT}'],
        env: { NODE_EXTRA_CA_CERTS: '/ca.pem', MCP_HEADER_AUTHORIZATION: 'Bearer t0k', MCP_HEADER_X_TENANT: 'acme' },
      },
    });
  });

  it('the bridge adds --allow-http for http:// beyond localhost and 127.0.0.1, which mcp-remote allows by itself', () => {
    const argsFor = (url: string) => (clientEntryOf(MCP_CLIENTS['claude-desktop'], { ...http, url, headers: {} }).entry as { args: string[] }).args;
    expect(argsFor('http://localhost:3000/mcp')).toEqual(['-y', 'mcp-remote', 'http://localhost:3000/mcp']);
    expect(argsFor('http://127.0.0.1:3000/mcp')).toEqual(['-y', 'mcp-remote', 'http://127.0.0.1:3000/mcp']);
    expect(argsFor('http://10.0.0.5:3000/mcp')).toEqual(['-y', 'mcp-remote', 'http://10.0.0.5:3000/mcp', '--allow-http']);
    expect(argsFor('https://10.0.0.5/mcp')).toEqual(['-y', 'mcp-remote', 'https://10.0.0.5/mcp']);
  });

  it('refuses --env with a URL for a client that connects itself, and a header whose variable --env already sets', () => {
    expect(() => clientEntryOf(MCP_CLIENTS.cursor, { ...http, env: { A: '1' } })).toThrow(CliError);
    expect(() => clientEntryOf(MCP_CLIENTS['claude-desktop'], { ...http, env: { MCP_HEADER_AUTHORIZATION: 'x' } })).toThrow('already sets');
    expect(() => clientEntryOf(MCP_CLIENTS['claude-desktop'], { ...http, headers: { 'X-A': '1', X_A: '2' } })).toThrow('MCP_HEADER_X_A');
  });
});
