import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { CliError } from '../cli-error.js';
import { CONTROL_CHARACTER, headersOf } from '../targets/request-headers.js';
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

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

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
  if (words.some((word) => CONTROL_CHARACTER.test(word))) throw new CliError('--command may not contain line breaks or control characters');
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

function envOf(pairs: string[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const pair of pairs) {
    const equals = pair.indexOf('=');
    const name = pair.slice(0, Math.max(equals, 0));
    if (!ENV_NAME.test(name)) throw new CliError(`--env ${JSON.stringify(pair)}: expected KEY=VALUE with KEY of letters, digits and _`);
    if (Object.hasOwn(env, name)) throw new CliError(`--env ${name} is given twice`);
    const value = pair.slice(equals + 1);
    if (CONTROL_CHARACTER.test(value)) throw new CliError(`--env ${name}: the value may not contain line breaks or control characters`);
    env[name] = value;
  }
  return env;
}
