import { CliError } from '../cli-error.js';
import type { JsonObject } from './config-text.js';
import type { InstallServer } from './install-server.js';
import type { McpClient } from './mcp-clients.js';

/** The entry a client's config file gets for a server, and a note when it is not the server itself (mcp-remote). */
export interface ClientEntry {
  entry: JsonObject;
  bridged: boolean;
}

/**
 * The entry for `server` in the shape `client` reads: `{ command, args, env }` or `{ url, headers }`, with `type`
 * for the clients that want it; empty `env` and `headers` are left out. A client that starts only stdio servers gets
 * the mcp-remote bridge for an HTTP server.
 */
export function clientEntryOf(client: McpClient, server: InstallServer): ClientEntry {
  if (server.kind === 'http' && !client.speaksHttp) return { entry: stdioEntry(client, mcpRemoteBridge(server)), bridged: true };
  if (server.kind === 'stdio') return { entry: stdioEntry(client, server), bridged: false };
  if (Object.keys(server.env).length > 0) {
    throw new CliError(`--env is for a server ${client.title} starts (--command); it connects to ${server.url} itself: pass what it needs as --header`);
  }
  const headers = Object.keys(server.headers).length > 0 ? { headers: server.headers } : {};
  return { entry: { ...(client.typed ? { type: 'http' } : {}), url: server.url, ...headers }, bridged: false };
}

function stdioEntry(client: McpClient, server: { command: string; args: string[]; env: Record<string, string> }): JsonObject {
  const env = Object.keys(server.env).length > 0 ? { env: server.env } : {};
  return { ...(client.typed ? { type: 'stdio' } : {}), command: server.command, args: server.args, ...env };
}

/**
 * `npx -y mcp-remote <url>`, the stdio-to-HTTP bridge the mcp-remote README gives for Claude Desktop. Each header goes
 * as `--header Name:${MCP_HEADER_NAME}` with its value in `env`: the README's workaround for clients that mangle spaces
 * in arguments (Claude Desktop on Windows), and a value is never re-read for `${…}` there. mcp-remote refuses plain
 * http:// except to localhost and 127.0.0.1, so other http:// URLs get `--allow-http`.
 */
function mcpRemoteBridge(server: Extract<InstallServer, { kind: 'http' }>): { command: string; args: string[]; env: Record<string, string> } {
  const { hostname, protocol } = new URL(server.url);
  const args = ['-y', 'mcp-remote', server.url];
  if (protocol === 'http:' && hostname !== 'localhost' && hostname !== '127.0.0.1') args.push('--allow-http');
  const env = { ...server.env };
  for (const [name, value] of Object.entries(server.headers)) {
    const variable = `MCP_HEADER_${name.toUpperCase().replaceAll('-', '_')}`;
    if (Object.hasOwn(env, variable)) throw new CliError(`--header ${name}: its value would go in ${variable}, which another --header or --env already sets`);
    env[variable] = value;
    args.push('--header', `${name}:\${${variable}}`);
  }
  return { command: 'npx', args, env };
}
