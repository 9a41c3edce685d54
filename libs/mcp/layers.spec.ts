import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';

const here = dirname(fileURLToPath(import.meta.url));
const { layers, reserved } = JSON.parse(readFileSync(join(here, 'layers.json'), 'utf8')) as { layers: string[][]; reserved: string[] };
const folders = readdirSync(join(here, 'src'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

/** The numbered rows of ARCHITECTURE.md's layer table: their layer number and the folders they name. */
function documentedLayers(): [number, string[]][] {
  const doc = readFileSync(join(here, 'ARCHITECTURE.md'), 'utf8');
  return [...doc.matchAll(/^\| (\d+) \| ((?:`[a-z-]+\/` ?)+) \|/gm)].map(([, level, cells]) => [
    Number(level),
    [...cells.matchAll(/`([a-z-]+)\/`/g)].map(([, folder]) => folder),
  ]);
}

describe('the layers of libs/mcp/src', () => {
  it('give every source folder a layer, and name only folders that exist or are reserved', () => {
    const listed = layers.flat();
    expect(folders.filter((folder) => !listed.includes(folder))).toEqual([]);
    expect(listed.filter((folder) => !folders.includes(folder) && !reserved.includes(folder))).toEqual([]);
  });

  it('are the ones ARCHITECTURE.md describes, in the same order', () => {
    const documented = new Map<number, string[]>();
    for (const [level, names] of documentedLayers()) documented.set(level, [...(documented.get(level) ?? []), ...names]);
    expect([...documented.entries()]).toEqual(layers.map((group, index) => [index + 1, group]));
  });
});
