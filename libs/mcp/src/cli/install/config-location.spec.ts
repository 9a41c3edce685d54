import { describe, expect, it } from '@jest/globals';
import { configFileOf, type HostContext } from './config-location.js';
import type { InstallScope, McpClientId } from './mcp-clients.js';

const linux: HostContext = { platform: 'linux', homedir: '/home/ada', env: {}, cwd: '/work/notes' };
const macos: HostContext = { platform: 'darwin', homedir: '/Users/ada', env: {}, cwd: '/Users/ada/notes' };
const windows: HostContext = {
  platform: 'win32',
  homedir: 'C:\\Users\\ada',
  env: { APPDATA: 'C:\\Users\\ada\\AppData\\Roaming', USERPROFILE: 'C:\\Users\\ada' },
  cwd: 'D:\\src\\notes',
};

describe('configFileOf', () => {
  // Every client x scope x OS, with no environment overrides.
  const table: Array<[McpClientId, InstallScope, HostContext, string]> = [
    ['claude-desktop', 'user', linux, '/home/ada/.config/Claude/claude_desktop_config.json'],
    ['claude-desktop', 'user', macos, '/Users/ada/Library/Application Support/Claude/claude_desktop_config.json'],
    ['claude-desktop', 'user', windows, 'C:\\Users\\ada\\AppData\\Roaming\\Claude\\claude_desktop_config.json'],
    ['claude-code', 'project', linux, '/work/notes/.mcp.json'],
    ['claude-code', 'project', macos, '/Users/ada/notes/.mcp.json'],
    ['claude-code', 'project', windows, 'D:\\src\\notes\\.mcp.json'],
    ['claude-code', 'user', linux, '/home/ada/.claude.json'],
    ['claude-code', 'user', macos, '/Users/ada/.claude.json'],
    ['claude-code', 'user', windows, 'C:\\Users\\ada\\.claude.json'],
    ['cursor', 'project', linux, '/work/notes/.cursor/mcp.json'],
    ['cursor', 'project', macos, '/Users/ada/notes/.cursor/mcp.json'],
    ['cursor', 'project', windows, 'D:\\src\\notes\\.cursor\\mcp.json'],
    ['cursor', 'user', linux, '/home/ada/.cursor/mcp.json'],
    ['cursor', 'user', macos, '/Users/ada/.cursor/mcp.json'],
    ['cursor', 'user', windows, 'C:\\Users\\ada\\.cursor\\mcp.json'],
    ['vscode', 'project', linux, '/work/notes/.vscode/mcp.json'],
    ['vscode', 'project', macos, '/Users/ada/notes/.vscode/mcp.json'],
    ['vscode', 'project', windows, 'D:\\src\\notes\\.vscode\\mcp.json'],
    ['vscode', 'user', linux, '/home/ada/.config/Code/User/mcp.json'],
    ['vscode', 'user', macos, '/Users/ada/Library/Application Support/Code/User/mcp.json'],
    ['vscode', 'user', windows, 'C:\\Users\\ada\\AppData\\Roaming\\Code\\User\\mcp.json'],
  ];
  it.each(table)('%s, %s scope, on %#: the documented file', (client, scope, host, expected) => {
    expect(configFileOf(client, scope, host)).toBe(expected);
  });

  it('follows XDG_CONFIG_HOME on Linux for Claude Desktop and VS Code, and ignores it on macOS', () => {
    const env = { XDG_CONFIG_HOME: '/xdg' };
    expect(configFileOf('claude-desktop', 'user', { ...linux, env })).toBe('/xdg/Claude/claude_desktop_config.json');
    expect(configFileOf('vscode', 'user', { ...linux, env })).toBe('/xdg/Code/User/mcp.json');
    expect(configFileOf('vscode', 'user', { ...macos, env })).toBe('/Users/ada/Library/Application Support/Code/User/mcp.json');
  });

  it('falls back to %USERPROFILE%\\AppData\\Roaming on Windows when APPDATA is unset', () => {
    const host = { ...windows, env: { USERPROFILE: 'E:\\profiles\\ada' } };
    expect(configFileOf('claude-desktop', 'user', host)).toBe('E:\\profiles\\ada\\AppData\\Roaming\\Claude\\claude_desktop_config.json');
    expect(configFileOf('vscode', 'user', { ...windows, env: {} })).toBe('C:\\Users\\ada\\AppData\\Roaming\\Code\\User\\mcp.json');
  });

  it("takes Claude Code's user file from CLAUDE_CONFIG_DIR when it is set (not for the project file)", () => {
    expect(configFileOf('claude-code', 'user', { ...linux, env: { CLAUDE_CONFIG_DIR: '/home/ada/.claude' } })).toBe('/home/ada/.claude/.claude.json');
    expect(configFileOf('claude-code', 'user', { ...windows, env: { CLAUDE_CONFIG_DIR: 'C:\\cc' } })).toBe('C:\\cc\\.claude.json');
    expect(configFileOf('claude-code', 'project', { ...linux, env: { CLAUDE_CONFIG_DIR: '/elsewhere' } })).toBe('/work/notes/.mcp.json');
  });

  it("honours VS Code's own VSCODE_PORTABLE and VSCODE_APPDATA, portable first", () => {
    expect(configFileOf('vscode', 'user', { ...linux, env: { VSCODE_APPDATA: '/data' } })).toBe('/data/Code/User/mcp.json');
    expect(configFileOf('vscode', 'user', { ...linux, env: { VSCODE_APPDATA: '/data', VSCODE_PORTABLE: '/usb/code' } })).toBe('/usb/code/user-data/User/mcp.json');
  });

  it('resolves a relative directory from the environment against the working directory, and ignores an empty one', () => {
    expect(configFileOf('claude-code', 'user', { ...linux, env: { CLAUDE_CONFIG_DIR: 'cfg' } })).toBe('/work/notes/cfg/.claude.json');
    expect(configFileOf('claude-desktop', 'user', { ...linux, env: { XDG_CONFIG_HOME: '' } })).toBe('/home/ada/.config/Claude/claude_desktop_config.json');
  });

  it('treats other Unix platforms like Linux', () => {
    expect(configFileOf('claude-desktop', 'user', { ...linux, platform: 'freebsd' })).toBe('/home/ada/.config/Claude/claude_desktop_config.json');
  });
});
