import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { canonical, canonicalSurface, readSurfaceFile, surfaceFileText } from './surface-json.js';
import { SURFACE_FORMAT, type McpSurface } from './surface.js';

describe('canonical', () => {
  it('sorts keys at every level and sorts required lists, keeping other arrays in order', () => {
    const value = canonical({ b: 1, a: { d: [3, 1], c: { required: ['z', 'a'], enum: ['z', 'a'] } } });
    expect(JSON.stringify(value)).toBe('{"a":{"c":{"enum":["z","a"],"required":["a","z"]},"d":[3,1]},"b":1}');
  });

  it('keeps __proto__ as a plain key and refuses nesting past 256 levels', () => {
    const value = canonical(JSON.parse('{"__proto__":{"x":1}}')) as Record<string, unknown>;
    expect(Object.keys(value)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    let deep: unknown = 1;
    for (let level = 0; level < 300; level++) deep = [deep];
    expect(() => canonical(deep)).toThrow('nest deeper than 256 levels');
  });
});

describe('surface files', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'nestjs-mcp-surface-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const surface: McpSurface = {
    format: SURFACE_FORMAT,
    server: { name: 'notes' },
    tools: [{ name: 'a', inputSchema: { type: 'object', required: ['y', 'x'] } } as never],
    resources: [],
    resourceTemplates: [],
    prompts: [],
  };

  it('round-trips: what is written reads back as the same canonical surface', async () => {
    const text = surfaceFileText(canonicalSurface(surface));
    writeFileSync(join(dir, 'ok.json'), text);
    expect(await readSurfaceFile(join(dir, 'ok.json'))).toEqual(canonicalSurface(surface));
    expect(Object.keys(JSON.parse(text))).toEqual(['format', 'server', 'tools', 'resources', 'resourceTemplates', 'prompts']);
    expect(JSON.parse(text).tools[0].inputSchema.required).toEqual(['x', 'y']);
  });

  it('refuses a file larger than 50 MB without reading it', async () => {
    writeFileSync(join(dir, 'big.json'), Buffer.alloc(50 * 1024 * 1024 + 1, 32));
    await expect(readSurfaceFile(join(dir, 'big.json'), 'big.json')).rejects.toThrow('big.json is larger than 50 MB: not a surface file');
  });

  it('refuses a directory', async () => {
    await expect(readSurfaceFile(dir, 'the-dir')).rejects.toThrow('the-dir:');
  });
});
