import { createRequire } from 'node:module';
import { Command, CommanderError } from 'commander';
import { CliError } from './cli-error.js';
import { bundleCommand } from './commands/bundle.command.js';
import { callCommand } from './commands/call.command.js';
import { checkCommand } from './commands/check.command.js';
import { inspectCommand } from './commands/inspect.command.js';
import { installCommand } from './commands/install.command.js';
import { listCommand } from './commands/list.command.js';
import { snapshotCommand } from './commands/snapshot.command.js';
import { printError } from './output.js';

const { version } = createRequire(import.meta.url)('../../package.json') as { version: string };

/** The `nestjs-mcp` program: every command, with commander's help and usage errors. */
export function cliProgram(): Command {
  return new Command('nestjs-mcp')
    .description('List, call and snapshot the tools, resources and prompts of an MCP server; configure MCP clients; bundle a stdio server.')
    .version(version)
    .showHelpAfterError('(add --help for usage)')
    .addCommand(listCommand())
    .addCommand(inspectCommand())
    .addCommand(callCommand())
    .addCommand(snapshotCommand())
    .addCommand(checkCommand())
    .addCommand(installCommand())
    .addCommand(bundleCommand());
}

/**
 * Runs the command line `argv` (as `process.argv`) and resolves with the exit code: 0 done, 1 the check or call failed
 * (actions set `process.exitCode`), 2 bad usage or a server that could not be reached or loaded.
 */
export async function runCli(argv: string[]): Promise<number> {
  const program = cliProgram();
  program.exitOverride();
  for (const command of program.commands) command.exitOverride();
  try {
    await program.parseAsync(argv);
    return Number(process.exitCode ?? 0);
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (error instanceof CliError) {
      await printError(`nestjs-mcp: ${error.message}`);
      return error.exitCode;
    }
    await printError(`nestjs-mcp: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return 2;
  }
}
