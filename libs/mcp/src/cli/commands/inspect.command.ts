import type { Client } from '@modelcontextprotocol/client';
import { Command } from 'commander';
import { surfaceView } from '../format/surface-view.js';
import { json, print, terminalSafe } from '../output.js';
import { readSurface } from '../surface/read-surface.js';
import { withConnection } from '../targets/connect.js';
import { connectOptionsOf, targetOf, withTargetOptions, type TargetFlags } from '../targets/target-options.js';
import { TARGET_ARGUMENT } from './target-argument.js';

interface InspectFlags extends TargetFlags {
  json?: boolean;
}

/** `nestjs-mcp inspect [target]`: the server's identity, protocol, capabilities and instructions, then every list with schemas. */
export function inspectCommand(): Command {
  return withTargetOptions(new Command('inspect'))
    .description('show a server in full: identity, protocol version, capabilities, instructions, and every list with schemas')
    .argument('[target]', TARGET_ARGUMENT)
    .option('--json', 'print it all as JSON')
    .action(async (positional: string | undefined, flags: InspectFlags) => {
      const options = connectOptionsOf(flags);
      const { server, surface } = await withConnection(targetOf(positional, flags), options, async ({ client, label }) => ({
        server: serverOf(client, label),
        surface: await readSurface(client, options.timeoutMs),
      }));
      if (flags.json) {
        const { format: _format, server: _name, ...lists } = surface;
        await print(json({ server, ...lists }));
        return;
      }
      await print(`${serverView(server)}\n${surfaceView(surface, { schemas: true })}`);
    });
}

interface ServerFacts {
  target: string;
  name?: string;
  version?: string;
  title?: string;
  protocolVersion?: string;
  capabilities: Record<string, unknown>;
  instructions?: string;
}

function serverOf(client: Client, target: string): ServerFacts {
  const info = client.getServerVersion();
  return {
    target,
    name: info?.name,
    version: info?.version,
    ...(info?.title ? { title: info.title } : {}),
    protocolVersion: client.getNegotiatedProtocolVersion(),
    capabilities: client.getServerCapabilities() ?? {},
    ...(client.getInstructions() ? { instructions: client.getInstructions() } : {}),
  };
}

function serverView(server: ServerFacts): string {
  const lines = [
    `${terminalSafe(server.title ?? server.name ?? '(unnamed server)')}${server.version ? ` ${terminalSafe(server.version)}` : ''}  (${terminalSafe(server.target)})`,
    `  protocol      ${server.protocolVersion ?? 'unknown'}`,
    `  capabilities  ${Object.keys(server.capabilities).sort().join(', ') || 'none'}`,
  ];
  if (server.instructions) lines.push(`  instructions  ${terminalSafe(server.instructions).split('\n').join('\n                ')}`);
  return `${lines.join('\n')}\n`;
}
