import { statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { InstallServer } from './install-server.js';

type StdioServer = Extract<InstallServer, { kind: 'stdio' }>;

/** One word of the command line changed so that the client can start the server, and why. */
export interface Rewrite {
  from: string;
  to: string;
  why: string;
}

export interface RewriteContext {
  cwd: string;
  /** The Node running this command, which becomes the command for a bare `node`. */
  execPath: string;
  isFile?: (path: string) => boolean;
}

/**
 * The stdio command made independent of the shell it was typed in: clients start servers from another working
 * directory (Claude Desktop from `/`), so an argument naming an existing file relative to `cwd` becomes absolute (the
 * command too when it is a path); and
 * applications started from the desktop (macOS above all) often lack the shell's PATH, so a bare `node` becomes the
 * path of the Node running this command. Options (`-x`, `--x=file`) are left alone.
 */
export function forDesktopHosts(server: StdioServer, context: RewriteContext): { server: StdioServer; rewrites: Rewrite[] } {
  const isFile = context.isFile ?? isRegularFile;
  const rewrites: Rewrite[] = [];
  const rewrite = (word: string, to: string, why: string): string => {
    rewrites.push({ from: word, to, why });
    return to;
  };
  const absolute = (word: string): string => {
    if (word.startsWith('-') || isAbsolute(word) || !isFile(resolve(context.cwd, word))) return word;
    return rewrite(word, resolve(context.cwd, word), 'the client starts the server in another working directory');
  };
  // A command without a path separator is looked up in PATH, as a shell would, never in the working directory.
  const command =
    server.command === 'node'
      ? rewrite('node', context.execPath, "the client may not have your shell's PATH")
      : /[/\\]/.test(server.command)
        ? absolute(server.command)
        : server.command;
  return { server: { ...server, command, args: server.args.map(absolute) }, rewrites };
}

function isRegularFile(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isFile() ?? false;
}
