// Start-up of a stdio MCP server: the time from spawning its process to the answer to `initialize`, which is when a
// desktop host sees the server as up (some give it 1 s). Each server is spawned RUNS times, in alternating order,
// after WARMUP discarded spawns; median and p95 reported, beside a hand-written server on the raw SDK.
// Usage: npm run bench:stdio   (RUNS=30 WARMUP=2; BASELINE=<another built checkout> adds its nestjs-mcp rows)
// Writes bench/results-stdio.md.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = Number(process.env.RUNS ?? 30);
const WARMUP = Number(process.env.WARMUP ?? 2);
const BASELINE = process.env.BASELINE;
const INITIALIZE = `${JSON.stringify({
  jsonrpc: '2.0',
  id: 0,
  method: 'initialize',
  params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'bench', version: '1.0.0' } },
})}\n`;

const apps = [
  { name: 'nestjs-mcp, one `@Arg` tool (`test/stdio`)', entry: 'dist-stdio/main.js' },
  { name: 'nestjs-mcp demo (`src/stdio.ts`: DTOs, guards, resources, prompts)', entry: 'dist/stdio.js' },
];
const servers = [
  { name: 'raw SDK v2, one tool (`bench/servers/raw-sdk-stdio.js`)', dir: root, entry: 'bench/servers/raw-sdk-stdio.js' },
  ...apps.map((app) => ({ ...app, dir: root })),
  ...(BASELINE ? apps.map((app) => ({ ...app, name: `${app.name} (baseline)`, dir: BASELINE })) : []),
].filter((server) => existsSync(join(server.dir, server.entry)));

const env = { ...process.env };
delete env.MCP_REDIS_URL;

/** Milliseconds from spawn to the line answering `initialize`. */
function startUp({ dir, entry }) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [entry], { cwd: dir, env, stdio: ['pipe', 'pipe', 'ignore'] });
    let pending = '';
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`${entry} exited (${code}) before answering initialize`)));
    child.stdout.on('data', (chunk) => {
      const lines = (pending + chunk).split('\n');
      pending = lines.pop() ?? '';
      if (!lines.some((line) => JSON.parse(line).id === 0)) return;
      const elapsed = performance.now() - started;
      child.removeAllListeners('exit');
      const kill = setTimeout(() => child.kill('SIGKILL'), 2_000);
      child.once('exit', () => {
        clearTimeout(kill);
        resolve(elapsed);
      });
      child.stdin.end();
    });
    child.stdin.write(INITIALIZE);
  });
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
const commit = (dir) => execFileSync('git', ['-C', dir, 'log', '-1', '--format=%h'], { encoding: 'utf8' }).trim();

const times = new Map(servers.map((server) => [server, []]));
for (let round = 0; round < WARMUP + RUNS; round++) {
  const order = round % 2 === 0 ? servers : [...servers].reverse();
  for (const server of order) {
    const elapsed = await startUp(server);
    if (round >= WARMUP) times.get(server).push(elapsed);
  }
}

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
