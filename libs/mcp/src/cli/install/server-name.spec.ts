import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { serverNameOf } from './server-name.js';

describe('serverNameOf', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'server-name-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const packageJson = (text: string) => writeFileSync(join(dir, 'package.json'), text);

  it('takes --name as given', () => {
    expect(serverNameOf('notes.v2_beta-1', dir)).toBe('notes.v2_beta-1');
  });

  it("defaults to package.json's name without its npm scope", () => {
    packageJson('{"name": "@acme/notes"}');
    expect(serverNameOf(undefined, dir)).toBe('notes');
    packageJson('{"name": "plain"}');
    expect(serverNameOf(undefined, dir)).toBe('plain');
  });

  it('asks for --name without a package.json, with a broken one, or one without a name', () => {
    expect(() => serverNameOf(undefined, dir)).toThrow('pass --name <name>');
    packageJson('{');
    expect(() => serverNameOf(undefined, dir)).toThrow('pass --name <name>');
    packageJson('null');
    expect(() => serverNameOf(undefined, dir)).toThrow('has no "name"');
  });

  it.each(['', 'a/b', '..\\x', 'a b', '__proto__', 'x'.repeat(65), 'név'])('refuses the name %j', (name) => {
    expect(() => serverNameOf(name, dir)).toThrow('cannot name a server');
  });
});
