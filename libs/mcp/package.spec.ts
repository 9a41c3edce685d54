import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from '@jest/globals';

// What `npm publish` would ship from libs/mcp, read from `npm pack --dry-run --json` on the built package (`npm test`
// builds before it runs jest; alone: `npm run build:lib` first).
const here = dirname(fileURLToPath(import.meta.url));
const manifest = JSON.parse(readFileSync(join(here, 'package.json'), 'utf8')) as Record<string, any>;
let files: string[] = [];

beforeAll(() => {
  if (!existsSync(join(here, 'dist/index.js'))) throw new Error('libs/mcp/dist is not built: run `npm run build:lib` first');
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: here,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  files = (JSON.parse(out.slice(out.indexOf('['))) as { files: { path: string }[] }[])[0].files.map((file) => file.path);
}, 60_000);

describe('the published package (npm pack of libs/mcp)', () => {
  it('has a README, the LICENSE and the built entry points', () => {
    for (const name of ['package.json', 'README.md', 'LICENSE', 'dist/index.js', 'dist/index.d.ts', 'dist/testing/index.js', 'dist/redis/index.js', 'dist/terminus/index.js']) {
      expect(files).toContain(name);
    }
    expect(readFileSync(join(here, 'LICENSE'), 'utf8')).toMatch(/^MIT License\n\nCopyright \(c\) 2026 nestjs-mcp contributors\n/);
  });

  it('ships no sources, specs or test fixtures, only what dist, the README and the LICENSE hold', () => {
    expect(files.filter((path) => !/^(dist\/|package\.json$|README\.md$|LICENSE$)/.test(path))).toEqual([]);
    expect(files.filter((path) => /(^|\/)(src|tests?|__tests__|fixtures?)\/|\.(spec|e2e-spec)\.|\.ts$(?<!\.d\.ts$)/.test(path))).toEqual([]);
  });

  it('has source maps that carry their sources, so stack traces resolve without the unshipped src/', () => {
    const maps = files.filter((path) => path.endsWith('.js.map'));
    expect(maps).toContain('dist/index.js.map');
    for (const path of maps) {
      const map = JSON.parse(readFileSync(join(here, path), 'utf8')) as { sources: string[]; sourcesContent?: string[] };
      expect({ path, embedded: map.sourcesContent?.length }).toEqual({ path, embedded: map.sources.length });
    }
    const index = JSON.parse(readFileSync(join(here, 'dist/index.js.map'), 'utf8')) as { sourcesContent: string[] };
    expect(index.sourcesContent[0]).toBe(readFileSync(join(here, 'src/index.ts'), 'utf8'));
  });

  it('ships the nestjs-mcp command, executable, and the schematics collection the Nest CLI reads', () => {
    expect(manifest.bin).toEqual({ 'nestjs-mcp': './dist/cli/main.js' });
    expect(manifest.schematics).toBe('./dist/schematics/collection.json');
    expect(files).toEqual(expect.arrayContaining(['dist/cli/main.js', 'dist/schematics/collection.json', 'dist/schematics/schema.json']));
    expect(readFileSync(join(here, 'dist/cli/main.js'), 'utf8')).toMatch(/^#!\/usr\/bin\/env node\n/);
    expect(statSync(join(here, 'dist/cli/main.js')).mode & 0o111).toBe(0o111);
    const collection = JSON.parse(readFileSync(join(here, 'dist/schematics/collection.json'), 'utf8')) as { schematics: Record<string, { factory: string }> };
    for (const { factory } of Object.values(collection.schematics)) expect(files).toContain(`dist/schematics/${factory.replace(/^\.\//, '').split('#')[0]}`);
  });

  it('names its licence, repository, homepage, issue tracker and supported Node versions', () => {
    expect(manifest).toMatchObject({
      license: 'MIT',
      repository: { type: 'git', url: 'git+https://github.com/nestjs-mcp/nestjs-mcp.git', directory: 'libs/mcp' },
      homepage: 'https://github.com/nestjs-mcp/nestjs-mcp#readme',
      bugs: { url: 'https://github.com/nestjs-mcp/nestjs-mcp/issues' },
      engines: { node: '^20.19.0 || >=22.12.0' },
    });
  });
});
