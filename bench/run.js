// nestjs-mcp benchmarks, all in one run so the ratios compare like with like on a noisy machine; every target of
// issue 14 is measured and tabled at the top of bench/results.md (figures and each round's in results.json).
// Usage: npm run bench   (knobs, see bench/README.md: DURATION CONNECTIONS ROUNDS WALKERS SESSIONS SOAK_SECONDS TOOLS
// MODULES RUNS LISTS; BASELINE=<another built checkout> adds its nestjs-mcp rows beside this one's)
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compositionSettings, measureComposition } from './lib/composition.js';
import { measureBootstrap } from './lib/measure-bootstrap.js';
import { sessionMemory, soak, SOAK_PATHS } from './lib/measure-memory.js';
import { measureThroughput } from './lib/measure-throughput.js';
import { measureToolsList, withRichTools } from './lib/measure-tools-list.js';
import { median } from './lib/median.js';
import { resultsPage } from './lib/report.js';
import { startUpTimes } from './lib/stdio-startup.js';
import { targetsOf } from './lib/targets.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');

function knob(name, fallback) {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer, not ${process.env[name]}`);
  return value;
}

const COMPOSITION = compositionSettings();
const settings = {
  DURATION: knob('DURATION', 8),
  CONNECTIONS: knob('CONNECTIONS', 32),
  ROUNDS: knob('ROUNDS', 3),
  WALKERS: knob('WALKERS', 8),
  SESSIONS: knob('SESSIONS', 10_000),
  SOAK_SECONDS: knob('SOAK_SECONDS', 300),
  TOOLS: COMPOSITION.tools,
  MODULES: COMPOSITION.modules,
  RUNS: COMPOSITION.runs,
  LISTS: COMPOSITION.lists,
};
const BASELINE = process.env.BASELINE;
/** The checkouts whose nestjs-mcp is measured: this one, and the baseline when given. */
const builds = [{ label: '', dir: root }, ...(BASELINE ? [{ label: ' (baseline)', dir: BASELINE }] : [])];
const commit = (dir) => execFileSync('git', ['-C', dir, 'log', '-1', '--format=%h'], { encoding: 'utf8' }).trim();

const throughput = await measureThroughput({ root, builds, rounds: settings.ROUNDS, seconds: settings.DURATION, connections: settings.CONNECTIONS });

const toolsList = await measureToolsList({
  root,
  builds,
  rounds: settings.ROUNDS,
  seconds: settings.DURATION,
  walkers: settings.WALKERS,
  tools: settings.TOOLS,
});

const bootstrap = await measureBootstrap(
  [
    ...builds.map((build) => ({ ...build, kind: 'arg', name: '`@Arg` string tools' })),
    ...withRichTools(builds).map((build) => ({ ...build, kind: 'rich-dto', name: 'rich-DTO tools' })),
  ],
  { tools: settings.TOOLS, runs: settings.RUNS },
);

const STDIO_WARMUP = 3;
const STDIO_DEMOS = [
  { entry: 'dist/stdio.js', name: 'demo as compiled (`dist/stdio.js`)' },
  { entry: 'dist/stdio.bundle.mjs', name: 'demo bundled (`dist/stdio.bundle.mjs`, `nestjs-mcp bundle`)' },
];
const demos = builds.flatMap((build) => STDIO_DEMOS.filter(({ entry }) => existsSync(join(build.dir, entry))).map((demo) => ({ ...build, ...demo })));
// Spawns are short and easily disturbed by the processes of the sections before exiting: more of them, after a
// longer warm-up, than the other sections' RUNS.
const startUps = await startUpTimes(demos, { runs: 3 * settings.RUNS, warmup: STDIO_WARMUP });
const stdio = demos.map((demo) => ({ label: demo.label, name: demo.name, entry: demo.entry, startUpMs: median(startUps.get(demo)), runs: startUps.get(demo) }));
for (const each of stdio) console.log(`stdio start-up, ${each.name}${each.label}: ${each.startUpMs.toFixed(0)} ms (median of ${each.runs.length})`);

/** Mounted against flat, for each checkout that has the measurement (a baseline from before it has not). */
const composition = [];
for (const { label, dir } of builds.filter((build) => existsSync(join(build.dir, 'bench', 'servers', 'composition.js')))) {
  const result = { label, ...(await measureComposition(dir, COMPOSITION)) };
  console.log(`composition${label}, mounted / flat: bootstrap ${result.bootstrapMs.ratio.toFixed(2)}×, tools/list ${result.listMs.ratio.toFixed(2)}×`);
  composition.push(result);
}

const memory = [];
for (const build of builds) memory.push(await sessionMemory(build, settings.SESSIONS));

const soaks = [];
for (const path of SOAK_PATHS) soaks.push(await soak(path, { dir: root, seconds: settings.SOAK_SECONDS, connections: settings.CONNECTIONS }));

const results = { throughput, toolsList, memory, soak: soaks, bootstrap, stdio };
const targets = targetsOf(results);
const reproduce = BASELINE
  ? `Reproduce: \`BASELINE=<a built checkout of ${commit(BASELINE)}> npm run bench\` (writes this file); "(baseline)" rows are that commit's nestjs-mcp, measured in the same run.`
  : 'Reproduce: `npm run bench` (writes this file).';
writeFileSync(
  join(here, 'results.md'),
  resultsPage({ settings, reproduce, commit: commit(root), targets, ...results, composition: { settings: COMPOSITION, results: composition } }),
);
writeFileSync(join(here, 'results.json'), `${JSON.stringify({ date: new Date().toISOString(), commit: commit(root), settings, targets, ...results, composition }, null, 2)}\n`);
for (const each of targets) console.log(`${each.met ? '✓' : '✗'} ${each.target}: ${each.ratio.toFixed(2)} of the target`);
console.log('wrote bench/results.md and bench/results.json');
