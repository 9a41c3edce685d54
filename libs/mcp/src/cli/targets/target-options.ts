import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { MCP_SERVER_KEY } from '../../interfaces/mcp-server-tokens.js';
import { CliError } from '../cli-error.js';
import type { ConnectOptions, McpTarget } from './mcp-target.js';
import { headersOf } from './request-headers.js';
import { shellWords } from './shell-words.js';

/** The built app module a Nest project has after `nest build`, used when no target is given. */
export const DEFAULT_MODULE_FILE = 'dist/app.module.js';
const MAX_HEADERS = 64;
const MAX_TIMEOUT_MS = 24 * 60 * 60_000;

export interface TargetFlags {
  command?: string;
  header: string[];
  protocol?: string;
  timeout: number;
  verbose?: boolean;
  server?: string;
}

/**
 * Adds the options that say how to reach the server: `--command`, `--header`, `--server`, `--protocol`, `--timeout`,
 * `--verbose`.
 */
export function withTargetOptions(command: Command, defaultTimeoutMs = 30_000): Command {
  return command
    .option('-c, --command <command line>', 'start this stdio server instead (e.g. "node dist/stdio.js")')
    .addOption(new Option('-H, --header <name: value>', 'an HTTP request header, repeatable (e.g. "Authorization: Bearer …")').default([]).argParser(collectHeader))
    .addOption(new Option('--server <key>', "which of an app module's servers (McpModule.forRoot({ server })); default: the one that names none").argParser(serverKey))
    .option('--protocol <version>', 'pin a protocol version (2025-11-25, 2026-07-28) or "auto" to probe; default: the 2025 handshake')
    .addOption(new Option('--timeout <ms>', 'time allowed to connect and for each request').default(defaultTimeoutMs).argParser(positiveMs))
    .option('--verbose', "show the server's own logs on stderr");
}

/**
 * The target a command was given: a URL (`http(s)://…`), a compiled module file (`dist/app.module.js`, optionally
 * `#ExportName`), `--command` for a stdio server, or, with none of these, `dist/app.module.js` when it exists.
 */
export function targetOf(positional: string | undefined, flags: TargetFlags, cwd = process.cwd()): McpTarget {
  const target = anyTargetOf(positional, flags, cwd);
  if (target.kind !== 'url' && flags.header.length) throw new CliError('--header is for a server reached by URL');
  if (flags.server === undefined) return target;
  if (target.kind !== 'module') throw new CliError('--server is for an app module; a URL or a stdio command already names its server');
  return { ...target, server: flags.server };
}

function anyTargetOf(positional: string | undefined, flags: TargetFlags, cwd: string): McpTarget {
  if (flags.command !== undefined) {
    if (positional !== undefined) throw new CliError(`give either a target (${positional}) or --command, not both`);
    const [command, ...args] = shellWords(flags.command);
    if (!command) throw new CliError('--command is empty');
    return { kind: 'stdio', command, args };
  }
  if (positional === undefined) {
    if (existsSync(resolve(cwd, DEFAULT_MODULE_FILE))) return { kind: 'module', file: resolve(cwd, DEFAULT_MODULE_FILE) };
    throw new CliError(`no server given and no ${DEFAULT_MODULE_FILE} here: pass a compiled module file, a URL, or --command "node dist/stdio.js"`);
  }
  if (/^https?:\/\//i.test(positional)) return { kind: 'url', url: urlOf(positional), headers: headersOf(flags.header) };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(positional)) throw new CliError(`${positional}: only http:// and https:// URLs are servers; use --command for stdio`);
  const hash = positional.lastIndexOf('#');
  const file = resolve(cwd, hash > 0 ? positional.slice(0, hash) : positional);
  const exportName = hash > 0 ? positional.slice(hash + 1) : undefined;
  if (exportName !== undefined && !/^[A-Za-z_$][\w$]*$/.test(exportName)) throw new CliError(`${positional}: "${exportName}" is not an export name`);
  return { kind: 'module', file, ...(exportName ? { exportName } : {}) };
}

export function connectOptionsOf(flags: TargetFlags): ConnectOptions {
  const protocol = flags.protocol;
  if (protocol !== undefined && protocol !== 'auto' && !/^\d{4}-\d{2}-\d{2}$/.test(protocol)) {
    throw new CliError(`--protocol ${protocol}: expected a version such as 2025-11-25 or 2026-07-28, or "auto"`);
  }
  return { protocol, timeoutMs: flags.timeout, verbose: flags.verbose === true };
}

function urlOf(text: string): URL {
  try {
    return new URL(text);
  } catch {
    throw new CliError(`${text} is not a valid URL`);
  }
}

function collectHeader(line: string, previous: string[]): string[] {
  if (previous.length >= MAX_HEADERS) throw new InvalidArgumentError(`at most ${MAX_HEADERS} headers`);
  return [...previous, line];
}

function serverKey(text: string): string {
  if (!MCP_SERVER_KEY.test(text)) throw new InvalidArgumentError('expected a server key: 1 to 64 letters, digits, _ or -');
  return text;
}

function positiveMs(text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value <= 0 || value > MAX_TIMEOUT_MS) throw new InvalidArgumentError(`expected whole milliseconds, 1 to ${MAX_TIMEOUT_MS}`);
  return value;
}

/** Whether a command-line word names a server (a URL or a module file) rather than a tool or a prompt. */
export function looksLikeTarget(word: string): boolean {
  return /^https?:\/\//i.test(word) || /\.[cm]?[jt]sx?(#[A-Za-z_$][\w$]*)?$/.test(word);
}
