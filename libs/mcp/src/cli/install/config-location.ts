import { posix, win32 } from 'node:path';
import type { InstallScope, McpClientId } from './mcp-clients.js';

/** The facts of the machine a config path depends on; the command passes the real ones, tests any. */
export interface HostContext {
  platform: NodeJS.Platform;
  homedir: string;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
}

/**
 * The config file of `client` for `scope` (Claude Desktop has only its user file). Project files are in the working
 * directory. User files:
 * - Claude Desktop: `<app data>/Claude/claude_desktop_config.json`.
 * - Claude Code: `~/.claude.json`, or `.claude.json` in `$CLAUDE_CONFIG_DIR` when that is set.
 * - Cursor: `~/.cursor/mcp.json` on every OS.
 * - VS Code: `<app data>/Code/User/mcp.json` (the default profile), or under `$VSCODE_APPDATA` / `$VSCODE_PORTABLE`
 *   as VS Code's own `userDataPath.ts` resolves it.
 * `<app data>` is Electron's: `%APPDATA%` on Windows, `~/Library/Application Support` on macOS, `$XDG_CONFIG_HOME`
 * or `~/.config` elsewhere.
 */
export function configFileOf(client: McpClientId, scope: InstallScope, host: HostContext): string {
  const path = host.platform === 'win32' ? win32 : posix;
  const fromEnv = (name: string): string | undefined => (host.env[name] ? path.resolve(host.cwd, host.env[name]) : undefined);
  const appData = (): string => {
    if (host.platform === 'win32') return fromEnv('APPDATA') ?? path.join(fromEnv('USERPROFILE') ?? host.homedir, 'AppData', 'Roaming');
    if (host.platform === 'darwin') return path.join(host.homedir, 'Library', 'Application Support');
    return fromEnv('XDG_CONFIG_HOME') ?? path.join(host.homedir, '.config');
  };
  const inProject = (...parts: string[]): string => path.resolve(host.cwd, ...parts);
  switch (client) {
    case 'claude-desktop':
      return path.join(appData(), 'Claude', 'claude_desktop_config.json');
    case 'claude-code':
      return scope === 'project' ? inProject('.mcp.json') : path.join(fromEnv('CLAUDE_CONFIG_DIR') ?? host.homedir, '.claude.json');
    case 'cursor':
      return scope === 'project' ? inProject('.cursor', 'mcp.json') : path.join(host.homedir, '.cursor', 'mcp.json');
    case 'vscode': {
      if (scope === 'project') return inProject('.vscode', 'mcp.json');
      const portable = fromEnv('VSCODE_PORTABLE');
      const userData = portable ? path.join(portable, 'user-data') : path.join(fromEnv('VSCODE_APPDATA') ?? appData(), 'Code');
      return path.join(userData, 'User', 'mcp.json');
    }
  }
}
