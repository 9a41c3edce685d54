import { describe, expect, it } from '@jest/globals';
import { ConfigNotWritable, hasComments, MAX_CONFIG_DEPTH, parseConfigText } from './config-text.js';

describe('parseConfigText', () => {
  it('reads a JSON object, and blank text as an empty one', () => {
    expect(parseConfigText('{"servers": {}, "inputs": []}', 'f')).toEqual({ servers: {}, inputs: [] });
    expect(parseConfigText(' \n', 'f')).toEqual({});
  });

  it('refuses JSON with comments, saying so', () => {
    const jsonc = '{\n  // my servers\n  "servers": {}\n}';
    expect(() => parseConfigText(jsonc, '/w/.vscode/mcp.json')).toThrow(new ConfigNotWritable('/w/.vscode/mcp.json has comments, which rewriting it would lose'));
  });

  it('refuses broken JSON with the parser message, exit code 1', () => {
    let error: unknown;
    try {
      parseConfigText('{"mcpServers": {', '/h/.claude.json');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigNotWritable);
    expect((error as ConfigNotWritable).exitCode).toBe(1);
    expect((error as Error).message).toMatch(/^\/h\/\.claude\.json is not valid JSON \(.+\)$/);
  });

  it.each([
    ['[]', 'an array'],
    ['"text"', 'a string'],
    ['42', 'a number'],
    ['null', 'null'],
  ])('refuses %s: it holds %s, not an object', (text, what) => {
    expect(() => parseConfigText(text, 'f')).toThrow(`f holds ${what}, not a JSON object`);
  });

  it(`takes ${MAX_CONFIG_DEPTH} levels of nesting and refuses more, however deep`, () => {
    const nested = (levels: number) => `{"a":${'['.repeat(levels - 1)}${']'.repeat(levels - 1)}}`;
    expect(() => parseConfigText(nested(MAX_CONFIG_DEPTH), 'f')).not.toThrow();
    expect(() => parseConfigText(nested(MAX_CONFIG_DEPTH + 1), 'f')).toThrow(`nested more than ${MAX_CONFIG_DEPTH} levels deep`);
    expect(() => parseConfigText(nested(1_000_000), 'f')).toThrow(ConfigNotWritable);
  });
});

describe('hasComments', () => {
  it('finds // and /* outside strings only', () => {
    expect(hasComments('{"a": 1} // note')).toBe(true);
    expect(hasComments('{/* x */}')).toBe(true);
    expect(hasComments('{"url": "https://x/y", "p": "/*"}')).toBe(false);
    expect(hasComments('{"q": "a\\"//b"}')).toBe(false);
  });
});
