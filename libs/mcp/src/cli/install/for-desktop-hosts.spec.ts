import { describe, expect, it } from '@jest/globals';
import { forDesktopHosts } from './for-desktop-hosts.js';

const files = new Set(['/p/dist/stdio.js', '/p/config.json', '/p/bin/server', '/p/npx']);
const context = { cwd: '/p', execPath: '/opt/node/bin/node', isFile: (path: string) => files.has(path) };
const stdio = (command: string, ...args: string[]) => ({ kind: 'stdio' as const, command, args, env: { A: '1' } });

describe('forDesktopHosts', () => {
  it('makes a bare node the running Node, and existing relative files absolute, saying why for each', () => {
    expect(forDesktopHosts(stdio('node', 'dist/stdio.js', '--config', 'config.json'), context)).toEqual({
      server: stdio('/opt/node/bin/node', '/p/dist/stdio.js', '--config', '/p/config.json'),
      rewrites: [
        { from: 'node', to: '/opt/node/bin/node', why: "the client may not have your shell's PATH" },
        { from: 'dist/stdio.js', to: '/p/dist/stdio.js', why: 'the client starts the server in another working directory' },
        { from: 'config.json', to: '/p/config.json', why: 'the client starts the server in another working directory' },
      ],
    });
  });

  it('leaves options, absolute paths, missing files and plain words alone', () => {
    const server = stdio('/usr/bin/python3', '-m', 'server', '--config=config.json', '/etc/x.json', 'missing.js', 'serve');
    expect(forDesktopHosts(server, context)).toEqual({ server, rewrites: [] });
  });

  it('makes a relative command path absolute, but looks a bare command up in PATH even when a file has its name here', () => {
    expect(forDesktopHosts(stdio('bin/server'), context).server.command).toBe('/p/bin/server');
    expect(forDesktopHosts(stdio('npx', '-y', 'thing'), context)).toEqual({ server: stdio('npx', '-y', 'thing'), rewrites: [] });
  });
});
