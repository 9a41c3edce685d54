import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { connectOptionsOf, looksLikeTarget, targetOf, type TargetFlags } from './target-options.js';

const flags = (more: Partial<TargetFlags> = {}): TargetFlags => ({ header: [], timeout: 30_000, ...more });

describe('targetOf', () => {
  let project: string;
  beforeAll(() => {
    project = mkdtempSync(join(tmpdir(), 'nestjs-mcp-target-'));
    mkdirSync(join(project, 'dist'));
    writeFileSync(join(project, 'dist/app.module.js'), '');
  });
  afterAll(() => rmSync(project, { recursive: true, force: true }));

  it('defaults to dist/app.module.js when it exists, and says what to pass when it does not', () => {
    expect(targetOf(undefined, flags(), project)).toEqual({ kind: 'module', file: join(project, 'dist/app.module.js') });
    expect(() => targetOf(undefined, flags(), tmpdir())).toThrow('no server given and no dist/app.module.js here');
  });

  it('reads module files with an optional #Export, URLs with headers, and stdio command lines', () => {
    expect(targetOf('dist/x.js#XModule', flags(), project)).toEqual({ kind: 'module', file: join(project, 'dist/x.js'), exportName: 'XModule' });
    expect(targetOf('https://h.example/mcp', flags({ header: ['Authorization: Bearer t'] }))).toEqual({
      kind: 'url',
      url: new URL('https://h.example/mcp'),
      headers: { Authorization: 'Bearer t' },
    });
    expect(targetOf(undefined, flags({ command: `node "my dir/stdio.js" --x` }))).toEqual({ kind: 'stdio', command: 'node', args: ['my dir/stdio.js', '--x'] });
  });

  it('refuses ambiguous or malformed targets', () => {
    expect(() => targetOf('a.js', flags({ command: 'node b.js' }))).toThrow('not both');
    expect(() => targetOf(undefined, flags({ command: '  ' }))).toThrow('--command is empty');
    expect(() => targetOf('http://[bad', flags())).toThrow('is not a valid URL');
    expect(() => targetOf('a.js#not-a-name', flags(), project)).toThrow('"not-a-name" is not an export name');
    expect(() => targetOf('a.js', flags({ header: ['A: b'] }), project)).toThrow('--header is for a server reached by URL');
  });
});

describe('connectOptionsOf and looksLikeTarget', () => {
  it('accepts protocol versions and auto, nothing else', () => {
    expect(connectOptionsOf(flags({ protocol: '2026-07-28', verbose: true }))).toEqual({ protocol: '2026-07-28', timeoutMs: 30_000, verbose: true });
    expect(connectOptionsOf(flags({ protocol: 'auto' })).protocol).toBe('auto');
    expect(() => connectOptionsOf(flags({ protocol: 'v2' }))).toThrow('--protocol v2');
  });

  it('tells servers from tool names', () => {
    for (const word of ['http://x/mcp', 'HTTPS://x', 'dist/app.module.js', 'a.mjs#M', 'src/app.module.ts']) expect(looksLikeTarget(word)).toBe(true);
    for (const word of ['addNote', 'notes.search', 'tool-js', 'x.json']) expect(looksLikeTarget(word)).toBe(false);
  });
});
