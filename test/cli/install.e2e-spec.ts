import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { runCli } from '../helpers/run-cli.js';

// `nestjs-mcp install`, run as the real built command (`npm run build:lib` first) in a temporary project with a
// temporary home: HOME and the variables the config paths depend on are the test's, never the real ones.

let root: string;
let project: string;
let home: string;

const env = () => ({
  HOME: home,
  USERPROFILE: home,
  APPDATA: join(home, 'AppData', 'Roaming'),
  XDG_CONFIG_HOME: undefined,
  CLAUDE_CONFIG_DIR: undefined,
  VSCODE_APPDATA: undefined,
  VSCODE_PORTABLE: undefined,
});
const install = (args: string[], extraEnv: Record<string, string> = {}) => runCli(['install', ...args], { cwd: project, env: { ...env(), ...extraEnv } });
const readJson = (file: string): unknown => JSON.parse(readFileSync(file, 'utf8'));
const write = (file: string, text: string) => {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
};
/** Every file under the temporary root, to show that a command wrote nothing. */
const allFiles = () => readdirSync(root, { recursive: true, encoding: 'utf8' }).sort();

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'nestjs-mcp-install-'));
  project = join(root, 'notes');
  home = join(root, 'home');
  mkdirSync(home);
  write(join(project, 'package.json'), JSON.stringify({ name: '@acme/notes', version: '1.0.0' }));
  write(join(project, 'dist/stdio.js'), '// the demo stdio entry point\n');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('nestjs-mcp install: the default server (node dist/stdio.js) into each client and scope', () => {
  const stdio = () => ({ command: process.execPath, args: [join(project, 'dist/stdio.js')] });
  const cases: Array<[string, string[], () => string, () => object]> = [
    ['claude-desktop', [], () => join(home, '.config/Claude/claude_desktop_config.json'), () => ({ mcpServers: { notes: stdio() } })],
    ['claude-code', [], () => join(project, '.mcp.json'), () => ({ mcpServers: { notes: { type: 'stdio', ...stdio() } } })],
    ['claude-code', ['--scope', 'user'], () => join(home, '.claude.json'), () => ({ mcpServers: { notes: { type: 'stdio', ...stdio() } } })],
    ['cursor', [], () => join(project, '.cursor/mcp.json'), () => ({ mcpServers: { notes: stdio() } })],
    ['cursor', ['--scope', 'user'], () => join(home, '.cursor/mcp.json'), () => ({ mcpServers: { notes: stdio() } })],
    ['vscode', [], () => join(project, '.vscode/mcp.json'), () => ({ servers: { notes: { type: 'stdio', ...stdio() } } })],
    ['vscode', ['--scope', 'user'], () => join(home, '.config/Code/User/mcp.json'), () => ({ servers: { notes: { type: 'stdio', ...stdio() } } })],
  ];

  it.each(cases)('%s %j writes exactly the entry, with node and dist/stdio.js made absolute', async (client, args, file, expected) => {
    const run = await install([client, ...args]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(readFileSync(file(), 'utf8')).toBe(`${JSON.stringify(expected(), null, 2)}\n`);
    const title = { 'claude-desktop': 'Claude Desktop', 'claude-code': 'Claude Code', cursor: 'Cursor', vscode: 'VS Code' }[client];
    expect(run.stdout.split('\n')).toEqual([
      `node -> ${process.execPath} (the client may not have your shell's PATH)`,
      `dist/stdio.js -> ${join(project, 'dist/stdio.js')} (the client starts the server in another working directory)`,
      `Installed "notes" for ${title} in ${file()} (stdio: ${process.execPath} ${join(project, 'dist/stdio.js')})`,
      ...(client === 'claude-desktop' ? ['Quit Claude Desktop completely and start it again to load the change.'] : []),
      '',
    ]);
  });

  it('follows XDG_CONFIG_HOME for Claude Desktop and CLAUDE_CONFIG_DIR for Claude Code', async () => {
    expect((await install(['claude-desktop'], { XDG_CONFIG_HOME: join(root, 'xdg') })).code).toBe(0);
    expect(existsSync(join(root, 'xdg/Claude/claude_desktop_config.json'))).toBe(true);
    expect((await install(['claude-code', '--scope', 'user'], { CLAUDE_CONFIG_DIR: join(root, 'cc') })).code).toBe(0);
    expect(existsSync(join(root, 'cc/.claude.json'))).toBe(true);
    expect(existsSync(join(home, '.claude.json'))).toBe(false);
  });
});

describe('nestjs-mcp install: HTTP servers', () => {
  it('Claude Code and VS Code get a typed http entry, Cursor { url, headers }', async () => {
    const header = ['-H', 'Authorization: Bearer s3cret'];
    expect((await install(['claude-code', 'https://notes.example/mcp', ...header])).code).toBe(0);
    expect((await install(['vscode', 'https://notes.example/mcp', ...header, '--scope', 'user'])).code).toBe(0);
    expect((await install(['cursor', 'http://localhost:3000/mcp'])).code).toBe(0);
    const typed = { type: 'http', url: 'https://notes.example/mcp', headers: { Authorization: 'Bearer s3cret' } };
    expect(readJson(join(project, '.mcp.json'))).toEqual({ mcpServers: { notes: typed } });
    expect(readJson(join(home, '.config/Code/User/mcp.json'))).toEqual({ servers: { notes: typed } });
    expect(readJson(join(project, '.cursor/mcp.json'))).toEqual({ mcpServers: { notes: { url: 'http://localhost:3000/mcp' } } });
  });

  it('Claude Desktop gets the mcp-remote bridge, and says so', async () => {
    const run = await install(['claude-desktop', 'https://notes.example/mcp', '--header', 'Authorization: Bearer s3cret', '--name', 'remote-notes']);
    expect(run.code).toBe(0);
    const file = join(home, '.config/Claude/claude_desktop_config.json');
    expect(readJson(file)).toEqual({
      mcpServers: {
        'remote-notes': {
          command: 'npx',
          args: ['-y', 'mcp-remote', 'https://notes.example/mcp', '--header', 'Authorization:${MCP_HEADER_AUTHORIZATION}'],
          env: { MCP_HEADER_AUTHORIZATION: 'Bearer s3cret' },
        },
      },
    });
    expect(run.stdout).toBe(
      'Claude Desktop starts only stdio servers from its config file: the entry runs the mcp-remote bridge (npx -y mcp-remote) to reach https://notes.example/mcp.\n' +
        `Installed "remote-notes" for Claude Desktop in ${file} (HTTP through mcp-remote: https://notes.example/mcp)\n` +
        'Quit Claude Desktop completely and start it again to load the change.\n',
    );
  });
});

describe('nestjs-mcp install: an existing config file', () => {
  const claudeJson = () => join(home, '.claude.json');
  const userState = {
    numStartups: 41,
    tipsHistory: { 'shift-enter': 27 },
    mcpServers: { playwright: { command: 'npx', args: ['@playwright/mcp@latest'] } },
    projects: { '/work/other': { mcpServers: { local: { command: 'x' } } } },
  };

  it('keeps every other key, server and the file mode; a second run changes nothing', async () => {
    write(claudeJson(), JSON.stringify(userState));
    chmodSync(claudeJson(), 0o600);
    const run = await install(['claude-code', '--scope', 'user', '--command', 'node dist/stdio.js --log debug', '--env', 'NOTES_DB=/var/notes.db']);
    expect(run.code).toBe(0);
    const notes = { type: 'stdio', command: process.execPath, args: [join(project, 'dist/stdio.js'), '--log', 'debug'], env: { NOTES_DB: '/var/notes.db' } };
    const written = readFileSync(claudeJson(), 'utf8');
    expect(written).toBe(`${JSON.stringify({ ...userState, mcpServers: { ...userState.mcpServers, notes } }, null, 2)}\n`);
    expect(statSync(claudeJson()).mode & 0o777).toBe(0o600);

    const again = await install(['claude-code', '--scope', 'user', '--command', 'node dist/stdio.js --log debug', '--env', 'NOTES_DB=/var/notes.db']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`"notes" is already installed for Claude Code in ${claudeJson()}`);
    expect(readFileSync(claudeJson(), 'utf8')).toBe(written);
  });

  it('a different entry of the same name: exit 1 showing both, the file byte-identical; --force replaces it', async () => {
    const original = `{"mcpServers":{"notes":{"command":"python","args":["server.py"]}},"other":1}`;
    write(join(project, '.cursor/mcp.json'), original);
    const run = await install(['cursor']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`nestjs-mcp: ${join(project, '.cursor/mcp.json')} already has a different "notes"; pass --force to replace it`);
    expect(run.stderr).toContain(`In the file:\n${JSON.stringify({ command: 'python', args: ['server.py'] }, null, 2)}\nWould write:\n`);
    expect(run.stderr).toContain(JSON.stringify(join(project, 'dist/stdio.js')));
    expect(readFileSync(join(project, '.cursor/mcp.json'), 'utf8')).toBe(original);

    const forced = await install(['cursor', '--force']);
    expect(forced.code).toBe(0);
    expect(forced.stdout).toContain('Replaced "notes" for Cursor');
    expect(readJson(join(project, '.cursor/mcp.json'))).toEqual({ mcpServers: { notes: { command: process.execPath, args: [join(project, 'dist/stdio.js')] } }, other: 1 });
  });

  it.each([
    ['broken JSON', '{"mcpServers": {', /is not valid JSON \(/],
    ['JSON with comments', '{\n  // mine\n  "servers": {}\n}', /has comments, which rewriting it would lose/],
    ['an array', '[]', /holds an array, not a JSON object/],
    ['servers that are an array', '{"servers": []}', /"servers" in .* is an array, not an object of servers/],
    ['servers that are a string', '{"servers": "none"}', /"servers" in .* is a string, not an object of servers/],
    ['text that is not UTF-8', Buffer.from([0x7b, 0xff, 0xfe, 0x7d]).toString('latin1'), /is not UTF-8 text/],
  ])('%s: exit 1, the file byte-identical, the entry printed to add by hand', async (_, text, message) => {
    const file = join(project, '.vscode/mcp.json');
    write(file, '');
    writeFileSync(file, Buffer.from(text, 'latin1'));
    const before = readFileSync(file);
    const run = await install(['vscode']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(message);
    expect(run.stdout).toContain(`Add this to ${file} by hand:\n{\n  "servers": {\n    "notes": {\n      "type": "stdio"`);
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(readdirSync(dirname(file))).toEqual(['mcp.json']);
  });

  it('refuses a file over 10 MB and one nested a million levels deep, leaving both as they were', async () => {
    const big = join(project, '.mcp.json');
    write(big, '{}');
    truncateSync(big, 11 * 1024 * 1024);
    const tooBig = await install(['claude-code']);
    expect(tooBig.code).toBe(1);
    expect(tooBig.stderr).toContain('more than the 10485760 a config file may have');
    expect(statSync(big).size).toBe(11 * 1024 * 1024);

    const deep = `{"a":${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}}`;
    write(join(home, '.cursor/mcp.json'), deep);
    const tooDeep = await install(['cursor', '--scope', 'user']);
    expect(tooDeep.code).toBe(1);
    expect(tooDeep.stderr).toContain('is nested more than 256 levels deep');
    expect(readFileSync(join(home, '.cursor/mcp.json'), 'utf8')).toBe(deep);
  });

  it('refuses a config path that is a directory', async () => {
    mkdirSync(join(project, '.mcp.json'));
    const run = await install(['claude-code']);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`nestjs-mcp: ${join(project, '.mcp.json')} is a directory, not a config file\n`);
  });

  it('writes through a symbolic link, which stays a link', async () => {
    write(join(root, 'dotfiles/claude.json'), '{"theme":"dark"}');
    symlinkSync(join(root, 'dotfiles/claude.json'), claudeJson());
    expect((await install(['claude-code', '--scope', 'user'])).code).toBe(0);
    expect(lstatSync(claudeJson()).isSymbolicLink()).toBe(true);
    expect(readJson(join(root, 'dotfiles/claude.json'))).toEqual({ theme: 'dark', mcpServers: { notes: expect.objectContaining({ type: 'stdio' }) } });
  });
});

describe('nestjs-mcp install: --print, --config and usage errors', () => {
  it('--print shows the entry and its file, and writes nothing anywhere', async () => {
    const before = allFiles();
    const run = await install(['claude-code', '--print', '--name', 'notes-dev']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`For Claude Code, in ${join(project, '.mcp.json')}:\n{\n  "mcpServers": {\n    "notes-dev": {\n      "type": "stdio",`);
    expect(allFiles()).toEqual(before);
  });

  it('--config writes to that file, creating its directories', async () => {
    const run = await install(['cursor', 'https://notes.example/mcp', '--config', 'config/deep/mcp.json']);
    expect(run.code).toBe(0);
    expect(readJson(join(project, 'config/deep/mcp.json'))).toEqual({ mcpServers: { notes: { url: 'https://notes.example/mcp' } } });
  });

  it.each([
    [['claude-desktop', '--scope', 'project'], 'Claude Desktop has only a user configuration: leave out --scope project'],
    [['cursor', 'https://x/mcp', '--command', 'node s.js'], 'give either a URL (https://x/mcp) or --command, not both'],
    [['cursor', '--name', '__proto__'], '"__proto__" cannot name a server'],
    [['cursor', '--name', '../../etc/passwd'], 'cannot name a server'],
    [['cursor', 'https://x/mcp', '-H', 'X-A: 1\nX-B: 2'], 'the value may not contain line breaks'],
    [['cursor', '--env', 'A=1\nB=2'], 'the value may not contain line breaks'],
    [['cursor', 'https://x/mcp', '--env', 'A=1'], '--env is for a server Cursor starts'],
    [['windsurf'], "value 'windsurf' is invalid for argument 'client'. Allowed choices are claude-desktop, claude-code, cursor, vscode."],
  ])('%j: exit 2, nothing written', async (args, message) => {
    const before = allFiles();
    const run = await install(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(allFiles()).toEqual(before);
  });

  it('without dist/stdio.js or a package.json name, says what to pass', async () => {
    rmSync(join(project, 'dist'), { recursive: true });
    const noServer = await install(['cursor']);
    expect(noServer.code).toBe(2);
    expect(noServer.stderr).toContain('no server given and no dist/stdio.js here');
    rmSync(join(project, 'package.json'));
    const noName = await install(['cursor', 'https://x/mcp']);
    expect(noName.code).toBe(2);
    expect(noName.stderr).toContain('pass --name <name>');
  });
});
