import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { CliError } from '../cli-error.js';
import { shellWords } from '../targets/shell-words.js';

/** The server a client is told to start (stdio) or to connect to (Streamable HTTP). */
export type InstallServer =
  | { kind: 'stdio'; command: string; args: string[]; env: Record<string, string> }
  | { kind: 'http'; url: string; headers: Record<string, string>; env: Record<string, string> };

export interface InstallServerFlags {
  command?: string;
  header: string[];
  env: string[];
}

/** The stdio entry point of a Nest project built with the nestjs-mcp schematics, used when no server is given. */
export const DEFAULT_STDIO_FILE = 'dist/stdio.js';

// Header names every client accepts and mcp-remote's `--header` parser matches (`^([A-Za-z0-9_-]+):`).
const HEADER_NAME = /^[A-Za-z0-9_-]+$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
// Control characters other than tab: a line break in a header or env value would forge another header or variable.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f]/;

/**
 * The server the command line describes: a URL (an HTTP server, with `--header`s) or `--command` (a stdio server),
 * never both; with neither, `node dist/stdio.js` when that file exists. `--env` is kept for whatever process the
 * client starts; whether the client may take it with a URL is the entry's business.
 */
export function installServerOf(url: string | undefined, flags: InstallServerFlags, cwd: string): InstallServer {
  const env = envOf(flags.env);
  if (url !== undefined) {
    if (flags.command !== undefined) throw new CliError(`give either a URL (${url}) or --command, not both`);
    return { kind: 'http', url: httpUrlOf(url), headers: headersOf(flags.header), env };
  }
  if (flags.header.length > 0) throw new CliError('--header is for an HTTP server: give its URL');
  const words = flags.command !== undefined ? shellWords(flags.command) : defaultCommand(cwd);
  const [command, ...args] = words;
  if (!command) throw new CliError('--command is empty');
  if (words.some((word) => CONTROL.test(word))) throw new CliError('--command may not contain line breaks or control characters');
  return { kind: 'stdio', command, args, env };
}

function defaultCommand(cwd: string): string[] {
  if (existsSync(resolve(cwd, DEFAULT_STDIO_FILE))) return ['node', DEFAULT_STDIO_FILE];
  throw new CliError(
    `no server given and no ${DEFAULT_STDIO_FILE} here: pass the URL of an HTTP server, or --command "<command line>" for a stdio server`,
  );
}

function httpUrlOf(text: string): string {
  // The URL parser drops tabs and line breaks silently; a URL with them is refused instead of written changed.
  if (/[\s\u0000-\u001f\u007f]/.test(text)) throw new CliError(`${JSON.stringify(text)} is not a URL: it contains whitespace or control characters`);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new CliError(`${text} is not a URL; for a stdio server use --command "<command line>"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new CliError(`${text}: only http:// and https:// servers can be installed; for a stdio server use --command`);
  return text;
}

function headersOf(lines: string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  const seen = new Set<string>();
  for (const line of lines) {
    const colon = line.indexOf(':');
    const name = line.slice(0, Math.max(colon, 0)).trim();
    if (!HEADER_NAME.test(name)) throw new CliError(`--header ${JSON.stringify(line)}: expected "Name: value" with a name of letters, digits, - and _`);
    const value = line.slice(colon + 1).trim();
    if (CONTROL.test(value)) throw new CliError(`--header ${name}: the value may not contain line breaks or control characters`);
    if (seen.has(name.toLowerCase())) throw new CliError(`--header ${name} is given twice`);
    seen.add(name.toLowerCase());
    headers[name] = value;
  }
  return headers;
}

function envOf(pairs: string[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const pair of pairs) {
    const equals = pair.indexOf('=');
    const name = pair.slice(0, Math.max(equals, 0));
    if (!ENV_NAME.test(name)) throw new CliError(`--env ${JSON.stringify(pair)}: expected KEY=VALUE with KEY of letters, digits and _`);
    if (Object.hasOwn(env, name)) throw new CliError(`--env ${name} is given twice`);
    const value = pair.slice(equals + 1);
    if (CONTROL.test(value)) throw new CliError(`--env ${name}: the value may not contain line breaks or control characters`);
    env[name] = value;
  }
  return env;
}
