// Start-up of stdio MCP servers, from spawning the process to the answer to `initialize` (bench/lib/stdio-startup.js).
// Each server is spawned RUNS times, in alternating order, after WARMUP discarded spawns; median and p95 reported,
// beside a hand-written server on the raw SDK.
// Usage: npm run bench:stdio   (RUNS=30 WARMUP=2; BASELINE=<another built checkout> adds its nestjs-mcp rows)
// Writes bench/results-stdio.md.
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startUpTimes } from './lib/stdio-startup.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = Number(process.env.RUNS ?? 30);
const WARMUP = Number(process.env.WARMUP ?? 2);
const BASELINE = process.env.BASELINE;

const apps = [
  { name: 'nestjs-mcp, one `@Arg` tool (`test/stdio`)', entry: 'dist-stdio/main.js' },
  { name: 'nestjs-mcp demo (`src/stdio.ts`: DTOs, guards, resources, prompts)', entry: 'dist/stdio.js' },
  { name: 'the same demo bundled (`nestjs-mcp bundle dist/stdio.js`)', entry: 'dist/stdio.bundle.mjs' },
];
const servers = [
  { name: 'raw SDK v2, one tool (`bench/servers/raw-sdk-stdio.js`)', dir: root, entry: 'bench/servers/raw-sdk-stdio.js' },
  ...apps.map((app) => ({ ...app, dir: root })),
  ...(BASELINE ? apps.map((app) => ({ ...app, name: `${app.name} (baseline)`, dir: BASELINE })) : []),
].filter((server) => existsSync(join(server.dir, server.entry)));

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
const commit = (dir) => execFileSync('git', ['-C', dir, 'log', '-1', '--format=%h'], { encoding: 'utf8' }).trim();

const times = await startUpTimes(servers, { runs: RUNS, warmup: WARMUP });

const stats = new Map(
  [...times].map(([server, values]) => {
    const sorted = [...values].sort((a, b) => a - b);
    return [server, { median: percentile(sorted, 50), p95: percentile(sorted, 95), min: sorted[0] }];
  }),
);
const raw = stats.get(servers[0]).median;
const ms = (value) => `${Math.round(value)} ms`;
const lines = [
  '# stdio start-up: spawn to the `initialize` answer',
  '',
  `Run ${new Date().toISOString()} on ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}: ${commit(root)}${BASELINE ? ` against ${commit(BASELINE)} (baseline)` : ''}.`,
  `Each server spawned ${RUNS} times after ${WARMUP} discarded spawns, all servers in alternating order; \`initialize\` is written as soon as the process is spawned.`,
  `Reproduce: \`npm run bench:stdio\` (\`RUNS\`, \`WARMUP\`; \`BASELINE=<a built checkout>\` adds its nestjs-mcp rows). Compare rows of one run, not runs: this machine is shared and noisy.`,
  '',
  '| server | median | p95 | min | median over the raw SDK |',
  '|---|---:|---:|---:|---:|',
  ...[...stats].map(([server, { median, p95, min }]) => `| ${server.name} | ${ms(median)} | ${ms(p95)} | ${ms(min)} | ${server === servers[0] ? '–' : `+${ms(median - raw)}`} |`),
];
console.log(lines.slice(6).join('\n'));
writeFileSync(join(root, 'bench', 'results-stdio.md'), `${lines.join('\n')}\n`);
console.log('wrote bench/results-stdio.md');
