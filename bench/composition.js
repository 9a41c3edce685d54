// Composition cost on its own (npm run bench runs the same measurement as a section of results.md): TOOLS tools across
// MODULES mounted modules against the same tools flat, bootstrap and a full `tools/list` walk; see bench/lib/composition.js.
// Usage: npm run bench:composition   (RUNS=7 LISTS=30 MODULES=10 TOOLS=1000)   Writes bench/results-composition.md.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compositionMethod, compositionSettings, compositionTable, measureComposition } from './lib/composition.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const settings = compositionSettings();
const result = await measureComposition(root, settings);
const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
const cpu = cpus()[0]?.model.split(' ').slice(0, 2).join(' ') ?? 'unknown CPU';
const text = [
  `# Composition: ${settings.tools} tools across ${settings.modules} mounted modules, against the same tools flat`,
  '',
  `Run ${new Date().toISOString()} on ${cpus().length} × ${cpu}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, at ${commit}.`,
  ...compositionMethod(settings),
  'Reproduce: `npm run bench:composition` (writes this file).',
  '',
  ...compositionTable([{ label: '', ...result }]),
  '',
].join('\n');
writeFileSync(join(root, 'bench/results-composition.md'), text);
console.log(text);
