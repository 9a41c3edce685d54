// nestjs-mcp benchmarks, all in one run so the ratios compare like with like on a noisy machine.
// Usage: npm run bench            (DURATION=8 CONNECTIONS=32 SESSIONS=1000 TOOLS=1000 MODULES=10 RUNS=7 LISTS=30 override)
// BASELINE=<another built checkout> adds its nestjs-mcp rows beside this one's, for before/after comparisons.
import { execFileSync, fork } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { compositionMethod, compositionSettings, compositionTable, measureComposition } from './lib/composition.js';
import { callBody, modernBody, modernHeaders, openSessionHeaders } from './lib/echo-calls.js';
import { openSession } from './lib/session.js';

const here = dirname(fileURLToPath(import.meta.url));
const DURATION = Number(process.env.DURATION ?? 8);
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 32);
const SESSIONS = Number(process.env.SESSIONS ?? 1000);
const TOOLS = Number(process.env.TOOLS ?? 1000);
const BASELINE = process.env.BASELINE;
const COMPOSITION = compositionSettings();
/** The checkouts whose nestjs-mcp is measured: this one, and the baseline when given. */
const builds = [{ label: '', dir: join(here, '..') }, ...(BASELINE ? [{ label: ' (baseline)', dir: BASELINE }] : [])];
let nextPort = 4100 + Math.floor(Math.random() * 500);

function start(script, env = {}, execArgv = [], dir = join(here, '..')) {
  const port = nextPort++;
  const child = fork(join(dir, 'bench', 'servers', script), { env: { ...process.env, ...env, PORT: String(port) }, execArgv, stdio: 'inherit' });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
    child.once('message', (message) => (message.ready ? resolve({ child, port }) : reject(new Error('unexpected message'))));
  });
}

function stop(child) {
  return new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.once('exit', resolve);
    child.kill('SIGTERM');
  });
}

async function check(url, headers, body) {
  const response = await fetch(url, { method: 'POST', headers, body });
  const text = await response.text();
  if (!response.ok || !text.includes('hello')) throw new Error(`warm-up call failed: HTTP ${response.status} ${text.slice(0, 300)}`);
}

async function load(name, url, headers, body) {
  await check(url, headers, body);
  await autocannon({ url, method: 'POST', headers, body, connections: CONNECTIONS, duration: 2 });
  const result = await autocannon({ url, method: 'POST', headers, body, connections: CONNECTIONS, duration: DURATION });
  const row = {
    name,
    reqPerSec: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.non2xx,
  };
  console.log(`${name.padEnd(48)} ${String(row.reqPerSec).padStart(7)} req/s  p50 ${row.p50Ms} ms  p99 ${row.p99Ms} ms  errors ${row.errors}`);
  return row;
}

async function throughput() {
  const rows = [];
  {
    const { child, port } = await start('bare-fastify.js');
    rows.push(await load('bare Fastify JSON route (ceiling)', `http://127.0.0.1:${port}/mcp`, { 'content-type': 'application/json' }, callBody()));
    await stop(child);
  }
  {
    const { child, port } = await start('raw-sdk.js');
    const legacy = `http://127.0.0.1:${port}/legacy`;
    rows.push(await load('raw SDK v2, 2025 session reused', legacy, await openSessionHeaders(legacy), callBody()));
    rows.push(await load('raw SDK v2 createMcpHandler, 2026-07-28', `http://127.0.0.1:${port}/modern`, modernHeaders, modernBody));
    await stop(child);
  }
  for (const { label, dir } of builds) {
    const { child, port } = await start('nestjs-mcp.js', {}, [], dir);
    const url = `http://127.0.0.1:${port}/mcp`;
    rows.push(await load(`nestjs-mcp${label}, 2025 session reused`, url, await openSessionHeaders(url), callBody()));
    rows.push(await load(`nestjs-mcp${label}, 2026-07-28 request`, url, modernHeaders, modernBody));
    await stop(child);
  }
  for (const { label, dir } of builds) {
    const { child, port } = await start('nestjs-mcp.js', { MODE: 'stateless' }, [], dir);
    const url = `http://127.0.0.1:${port}/mcp`;
    rows.push(await load(`nestjs-mcp${label}, 2025 stateless option`, url, await openSessionHeaders(url), callBody()));
    await stop(child);
  }
  return rows;
}

function memoryOf(child) {
  return new Promise((resolve) => {
    child.once('message', (message) => resolve(message.memory));
    child.send('memory');
  });
}

async function sessionMemory({ label, dir }) {
  const { child, port } = await start('nestjs-mcp.js', {}, ['--expose-gc'], dir);
  const url = `http://127.0.0.1:${port}/mcp`;
  await openSessionHeaders(url);
  const before = await memoryOf(child);
  for (let index = 0; index < SESSIONS; index += 50) {
    await Promise.all(Array.from({ length: Math.min(50, SESSIONS - index) }, () => openSession(url)));
  }
  const after = await memoryOf(child);
  await stop(child);
  const perSession = {
    heapKiB: (after.heapUsed - before.heapUsed) / SESSIONS / 1024,
    rssKiB: (after.rss - before.rss) / SESSIONS / 1024,
  };
  console.log(`memory per idle session${label} (${SESSIONS} sessions): heap ${perSession.heapKiB.toFixed(1)} KiB, RSS ${perSession.rssKiB.toFixed(1)} KiB`);
  return { label, sessions: SESSIONS, ...perSession };
}

async function bootstrapTime({ label, dir }) {
  const child = fork(join(dir, 'bench', 'servers', 'many-tools.js'), { env: { ...process.env, TOOLS: String(TOOLS) }, stdio: 'inherit' });
  const result = await new Promise((resolve, reject) => {
    child.once('message', resolve);
    child.once('exit', (code) => code && reject(new Error(`many-tools exited with ${code}`)));
  });
  console.log(`bootstrap${label} with ${result.tools} tools: ${result.bootstrapMs.toFixed(0)} ms`);
  return { label, ...result };
}

/** Mounted against flat, for each checkout that has the measurement (a baseline from before it has not). */
async function composition() {
  const results = [];
  for (const { label, dir } of builds.filter((build) => existsSync(join(build.dir, 'bench', 'servers', 'composition.js')))) {
    const result = { label, ...(await measureComposition(dir, COMPOSITION)) };
    console.log(
      `composition${label}, ${result.tools} tools in ${result.modules} modules, mounted / flat: bootstrap ${result.bootstrapMs.ratio.toFixed(2)}×, tools/list ${result.listMs.ratio.toFixed(2)}×`,
    );
    results.push(result);
  }
  return results;
}

function baselineCommit() {
  try {
    return execFileSync('git', ['-C', BASELINE, 'log', '-1', '--format=%h'], { encoding: 'utf8' }).trim();
  } catch {
    return BASELINE;
  }
}

function report(rows, memory, bootstrap, mounting) {
  const ceiling = rows[0].reqPerSec;
  const rawStateful = rows.find((row) => row.name.startsWith('raw SDK v2, 2025')).reqPerSec;
  const lines = [
    '# Benchmark results',
    '',
    `Run ${new Date().toISOString()} on ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}.`,
    `tools/call of an echo tool, JSON responses, ${CONNECTIONS} connections, ${DURATION} s per row after a 2 s warm-up (autocannon in the parent process, each server in its own child process).`,
    BASELINE
      ? `Reproduce: \`BASELINE=<a built checkout of ${baselineCommit()}> npm run bench\` (writes this file); "(baseline)" rows are that commit's nestjs-mcp, measured in the same run.`
      : 'Reproduce: `npm run bench` (writes this file).',
    '',
    '| server | req/s | p50 ms | p99 ms | errors | vs raw SDK v2 session | vs bare Fastify |',
    '|---|---:|---:|---:|---:|---:|---:|',
    ...rows.map(
      (row) =>
        `| ${row.name} | ${row.reqPerSec} | ${row.p50Ms} | ${row.p99Ms} | ${row.errors} | ${(row.reqPerSec / rawStateful).toFixed(2)}× | ${(row.reqPerSec / ceiling).toFixed(2)}× |`,
    ),
    '',
    ...memory.map(
      (each) =>
        `Memory per idle 2025 session (nestjs-mcp${each.label}, ${each.sessions} sessions, after GC): heap ${each.heapKiB.toFixed(1)} KiB, RSS ${each.rssKiB.toFixed(1)} KiB.`,
    ),
    '',
    ...bootstrap.map(
      (each) => `Bootstrap (module init, discovery, schemas and pipelines) with ${each.tools} tools${each.label}: ${each.bootstrapMs.toFixed(0)} ms.`,
    ),
    '',
    `## Composition: ${COMPOSITION.tools} tools across ${COMPOSITION.modules} mounted modules, against the same tools flat`,
    '',
    ...compositionMethod(COMPOSITION),
    '',
    ...compositionTable(mounting),
    '',
  ];
  writeFileSync(join(here, 'results.md'), lines.join('\n'));
  writeFileSync(join(here, 'results.json'), JSON.stringify({ date: new Date().toISOString(), rows, memory, bootstrap, composition: mounting }, null, 2) + '\n');
}

const rows = await throughput();
const memory = [];
for (const build of builds) memory.push(await sessionMemory(build));
const bootstrap = [];
for (const build of builds) bootstrap.push(await bootstrapTime(build));
const mounting = await composition();
report(rows, memory, bootstrap, mounting);
console.log('wrote bench/results.md');
