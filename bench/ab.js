// Alternating A/B of nestjs-mcp builds on one row at a time, for changes that should not move the figures: this
// checkout against BASELINE (another built checkout), ROUNDS times each, in alternating order; medians reported.
// Usage: BASELINE=<built checkout> [ROUNDS=5] [DURATION=5] node bench/ab.js   (writes bench/results-ab.md)
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { modernLoad, sessionLoad } from './lib/echo-calls.js';
import { loadFor } from './lib/load.js';
import { median } from './lib/median.js';
import { startServer, stopServer } from './lib/servers.js';

const here = dirname(fileURLToPath(import.meta.url));
const BASELINE = process.env.BASELINE;
if (!BASELINE) throw new Error('BASELINE=<path of another built checkout> is required');
const ROUNDS = Number(process.env.ROUNDS ?? 5);
const DURATION = Number(process.env.DURATION ?? 5);
const builds = [
  { name: 'this checkout', dir: join(here, '..') },
  { name: 'baseline', dir: BASELINE },
];

const rows = { '2025 session reused': sessionLoad, '2026-07-28 request': modernLoad };

const commit = (dir) => execFileSync('git', ['-C', dir, 'log', '-1', '--format=%h'], { encoding: 'utf8' }).trim();

const lines = [
  '# A/B: this checkout against a baseline',
  '',
  `Run ${new Date().toISOString()} on ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}: ${commit(builds[0].dir)} against ${commit(BASELINE)}.`,
  `tools/call of an echo tool, JSON responses, 32 connections, ${DURATION} s per run after a 2 s warm-up, ${ROUNDS} runs per build in alternating order; the median counts.`,
  'Reproduce: `BASELINE=<a built checkout of the baseline> node bench/ab.js` (writes this file).',
  '',
  '| row | this checkout (median req/s) | baseline (median req/s) | ratio | runs, this checkout | runs, baseline |',
  '|---|---:|---:|---:|---|---|',
];
for (const [row, request] of Object.entries(rows)) {
  const results = new Map(builds.map((build) => [build.name, []]));
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? builds : [...builds].reverse();
    for (const build of order) {
      const { child, url } = await startServer(build.dir, 'nestjs-mcp.js', { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
      const load = await request(url('/mcp'));
      await loadFor(load, { connections: 32, seconds: 2 });
      results.get(build.name).push((await loadFor(load, { connections: 32, seconds: DURATION })).reqPerSec);
      await stopServer(child);
    }
  }
  const [mine, base] = builds.map((build) => median(results.get(build.name)));
  const [mineRuns, baseRuns] = builds.map((build) => results.get(build.name).join(', '));
  console.log(`${row}: this checkout ${mine} req/s [${mineRuns}], baseline ${base} req/s [${baseRuns}], ratio ${(mine / base).toFixed(2)}`);
  lines.push(`| ${row} | ${mine} | ${base} | ${(mine / base).toFixed(2)}× | ${mineRuns} | ${baseRuns} |`);
}
writeFileSync(join(here, 'results-ab.md'), lines.join('\n') + '\n');
console.log('wrote bench/results-ab.md');
