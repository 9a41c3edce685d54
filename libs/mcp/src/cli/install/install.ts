import { resolve } from 'node:path';
import { CliError } from '../cli-error.js';
import { json, print, terminalSafe } from '../output.js';
import { clientEntryOf } from './client-entry.js';
import { readConfigFile, writeConfigFile } from './config-file.js';
import { configFileOf, type HostContext } from './config-location.js';
import { ConfigNotWritable, type JsonObject } from './config-text.js';
import { forDesktopHosts } from './for-desktop-hosts.js';
import { installServerOf, type InstallServer, type InstallServerFlags } from './install-server.js';
import { type InstallScope, MCP_CLIENTS, type McpClient, type McpClientId } from './mcp-clients.js';
import { mergeServer } from './merge-server.js';
import { quoteWords } from './quote-words.js';
import { serverNameOf } from './server-name.js';

export interface InstallRequest extends InstallServerFlags {
  client: McpClientId;
  url?: string;
  name?: string;
  scope?: InstallScope;
  /** Write to this file instead of the client's own. */
  config?: string;
  /** Show the entry and where it would go; write nothing. */
  print?: boolean;
  /** Replace a different entry of the same name. */
  force?: boolean;
}

/** Adds the server of `request` to the client's config file, or says why not (exit 1) without touching the file. */
export async function install(request: InstallRequest, host: HostContext & { execPath: string }): Promise<void> {
  const client: McpClient = MCP_CLIENTS[request.client];
  const scope = scopeOf(client, request.scope);
  const name = serverNameOf(request.name, host.cwd);
  let server = installServerOf(request.url, request, host.cwd);
  if (server.kind === 'stdio') {
    const ready = forDesktopHosts(server, { cwd: host.cwd, execPath: host.execPath });
    server = ready.server;
    for (const { from, to, why } of ready.rewrites) await print(`${from} -> ${to} (${why})`);
  }
  const { entry, bridged } = clientEntryOf(client, server);
  const file = request.config !== undefined ? resolve(host.cwd, request.config) : configFileOf(request.client, scope, host);
  const snippet = json({ [client.serversKey]: { [name]: entry } });
  if (bridged) await print(`${client.title} starts only stdio servers from its config file: the entry runs the mcp-remote bridge (npx -y mcp-remote) to reach ${request.url}.`);
  if (request.print) return print(`For ${client.title}, in ${file}:\n${snippet}`);

  const { config, outcome } = await readAndMerge(file, client.serversKey, name, entry, request.force === true).catch(async (error: unknown) => {
    if (error instanceof ConfigNotWritable) await print(`Add this to ${file} by hand:\n${snippet}`);
    throw error;
  });
  if (outcome.kind === 'unchanged') return print(`"${name}" is already installed for ${client.title} in ${file}`);
  if (outcome.kind === 'conflict') {
    const both = `In the file:\n${terminalSafe(json(outcome.existing))}Would write:\n${json(entry)}`;
    throw new CliError(`${file} already has a different "${name}"; pass --force to replace it, or --name to add another.\n${both.trimEnd()}`, 1);
  }
  await writeConfigFile(config, outcome.document, file);
  await print(`${outcome.kind === 'added' ? 'Installed' : 'Replaced'} "${name}" for ${client.title} in ${file} (${describe(server, bridged)})`);
  if (client.restartHint) await print(client.restartHint);
}

async function readAndMerge(file: string, serversKey: string, name: string, entry: JsonObject, force: boolean) {
  const config = await readConfigFile(file);
  return { config, outcome: mergeServer(config.document, serversKey, name, entry, force, file) };
}

function scopeOf(client: McpClient, scope: InstallScope | undefined): InstallScope {
  if (scope === undefined) return client.scopes[0];
  if (!client.scopes.includes(scope)) throw new CliError(`${client.title} has only a ${client.scopes.join(' and ')} configuration: leave out --scope ${scope}`);
  return scope;
}

function describe(server: InstallServer, bridged: boolean): string {
  if (server.kind === 'stdio') return `stdio: ${quoteWords([server.command, ...server.args])}`;
  return `${bridged ? 'HTTP through mcp-remote' : 'HTTP'}: ${server.url}`;
}
