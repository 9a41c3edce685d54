import { homedir } from 'node:os';
import { Argument, Command, Option } from 'commander';
import { install } from '../install/install.js';
import { MCP_CLIENT_IDS, type InstallScope, type McpClientId } from '../install/mcp-clients.js';
import { repeatable } from './repeatable.js';

interface InstallFlags {
  command?: string;
  header?: string[];
  env?: string[];
  name?: string;
  scope?: InstallScope;
  config?: string;
  print?: boolean;
  force?: boolean;
}

/** `nestjs-mcp install <client> [url]`: adds an MCP server to the config file of Claude Desktop, Claude Code, Cursor or VS Code. */
export function installCommand(): Command {
  return new Command('install')
    .description('add the server to the configuration of Claude Desktop, Claude Code, Cursor or VS Code')
    .addArgument(new Argument('<client>', 'the client to configure').choices(MCP_CLIENT_IDS))
    .argument('[url]', 'the URL of a Streamable HTTP server; without it, the stdio server of --command (default: node dist/stdio.js)')
    .option('-c, --command <command line>', 'the command that starts a stdio server (e.g. "node dist/stdio.js")')
    .option('-H, --header <name: value>', 'an HTTP header the client sends, repeatable (e.g. "Authorization: Bearer …")', repeatable)
    .option('-e, --env <KEY=VALUE>', 'an environment variable of the stdio server, repeatable', repeatable)
    .option('-n, --name <name>', "the server's name in the config (default: the package.json name without its scope)")
    .addOption(new Option('-s, --scope <scope>', 'the project file or the user file (default: project; Claude Desktop: user)').choices(['project', 'user']))
    .option('--config <file>', "write to this file instead of the client's own")
    .option('--print', 'print the entry and the file it would go to; write nothing')
    .option('-f, --force', 'replace a different entry of the same name')
    .action((client: McpClientId, url: string | undefined, flags: InstallFlags) => {
      const host = { platform: process.platform, homedir: homedir(), env: process.env, cwd: process.cwd(), execPath: process.execPath };
      return install({ client, url, ...flags, header: flags.header ?? [], env: flags.env ?? [] }, host);
    });
}
