import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { CliError } from '../cli-error.js';
import { installServerOf } from './install-server.js';

const empty = mkdtempSync(join(tmpdir(), 'install-server-'));
const built = mkdtempSync(join(tmpdir(), 'install-server-'));
mkdirSync(join(built, 'dist'));
writeFileSync(join(built, 'dist/stdio.js'), '');
afterAll(() => [empty, built].forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const none = { header: [], env: [] };

describe('installServerOf', () => {
  it('a URL is an HTTP server with its headers, names kept as typed', () => {
    expect(installServerOf('https://x.example/mcp', { ...none, header: ['Authorization: Bearer a b', 'X-Tenant:acme'] }, empty)).toEqual({
      kind: 'http',
      url: 'https://x.example/mcp',
      headers: { Authorization: 'Bearer a b', 'X-Tenant': 'acme' },
      env: {},
    });
  });

  it('--command is split into command and arguments with quotes honoured, --env into variables', () => {
    expect(installServerOf(undefined, { command: `node "my app/stdio.js" --flag='a b'`, header: [], env: ['A=1', 'B=x=y', 'EMPTY='] }, empty)).toEqual({
      kind: 'stdio',
      command: 'node',
      args: ['my app/stdio.js', '--flag=a b'],
      env: { A: '1', B: 'x=y', EMPTY: '' },
    });
  });

  it('defaults to node dist/stdio.js when that file exists, else explains what to give', () => {
    expect(installServerOf(undefined, none, built)).toEqual({ kind: 'stdio', command: 'node', args: ['dist/stdio.js'], env: {} });
    expect(() => installServerOf(undefined, none, empty)).toThrow('no server given and no dist/stdio.js here');
  });

  it('refuses a URL together with --command, and --header without a URL', () => {
    expect(() => installServerOf('https://x/mcp', { ...none, command: 'node s.js' }, empty)).toThrow('not both');
    expect(() => installServerOf(undefined, { ...none, command: 'node s.js', header: ['A: b'] }, empty)).toThrow('--header is for an HTTP server');
  });

  it.each([
    ['ftp://x/mcp', 'only http:// and https://'],
    ['dist/app.module.js', 'is not a URL'],
    ['https://x/mcp\nX-Injected: 1', 'whitespace or control characters'],
    ['https://x/m cp', 'whitespace or control characters'],
  ])('refuses the URL %j', (url, message) => {
    expect(() => installServerOf(url, none, empty)).toThrow(message);
  });

  const url = 'https://x/mcp';
  const command = 'node s.js';
  it.each([
    [url, { header: ['Authorization'] }, 'expected "Name: value"'],
    [url, { header: [': value'] }, 'expected "Name: value"'],
    [url, { header: ['Bad Name: v'] }, 'expected "Name: value"'],
    [url, { header: ['X-A: 1\r\nX-B: 2'] }, 'line breaks'],
    [url, { header: ['X-A: 1', 'x-a: 2'] }, 'given twice'],
    [undefined, { command, env: ['NOVALUE'] }, 'expected KEY=VALUE'],
    [undefined, { command, env: ['1BAD=x'] }, 'expected KEY=VALUE'],
    [undefined, { command, env: ['A=1\nB=2'] }, 'line breaks'],
    [undefined, { command, env: ['A=1', 'A=2'] }, 'given twice'],
  ])('refuses %s with %j', (target, flags, message) => {
    expect(() => installServerOf(target, { ...none, ...flags }, empty)).toThrow(message);
  });

  it('refuses an empty command line and one with control characters', () => {
    expect(() => installServerOf(undefined, { ...none, command: '  ' }, empty)).toThrow(new CliError('--command is empty'));
    expect(() => installServerOf(undefined, { ...none, command: `node 'a\nb'` }, empty)).toThrow('control characters');
  });
});
