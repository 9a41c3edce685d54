// What MCP middleware costs: tools/call throughput of the echo tool with no middleware (plain), with telemetry on
// but no OpenTelemetry SDK (the default), with a real SDK recording spans and metrics, and with every built-in on
// (plus a @CacheResult hit). Each run is a fresh server child process; ROUNDS interleaved rounds (the order rotates
// each round so every configuration takes every position); medians reported, ratios to plain computed within the run.
// Usage: [ROUNDS=5] [DURATION=5] [WARMUP=2] [CONNECTIONS=32] node bench/middleware.js   (writes bench/results-middleware.md)
import { execFileSync, fork } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { callBodyOf, modernCallOf, openSessionHeaders } from './lib/echo-calls.js';
import { idPerConnection } from './lib/load.js';
import { median } from './lib/median.js';

const here = dirname(fileURLToPath(import.meta.url));
const ROUNDS = Number(process.env.ROUNDS ?? 5);
const DURATION = Number(process.env.DURATION ?? 5);
const WARMUP = Number(process.env.WARMUP ?? 2);
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 32);
let nextPort = 4900 + Math.floor(Math.random() * 300);

/** The measured variants: a server configuration (see bench/servers/nestjs-mcp-middleware.js) and the tool called. */
const variants = [
  { key: 'plain', label: 'plain (`telemetry: false`, no middleware)', config: 'plain', tool: 'echo' },
  { key: 'control', label: 'plain again (A/A control: the noise)', config: 'plain', tool: 'echo' },
  { key: 'default', label: 'default (telemetry on, no SDK registered)', config: 'default', tool: 'echo' },
  { key: 'telemetry', label: 'telemetry with the OTel SDK', config: 'telemetry', tool: 'echo' },
  { key: 'all', label: 'all built-ins on, SDK registered', config: 'all', tool: 'echo' },
  { key: 'cache-hit', label: 'all built-ins, `@CacheResult` hit', config: 'all', tool: 'echo_cached' },
];

const paths = {
  '2025 session reused': async (url, tool) => ({ headers: await openSessionHeaders(url), body: callBodyOf(tool) }),
  '2026-07-28 request': async (_url, tool) => modernCallOf(tool),
};

function start(config) {
  const port = nextPort++;
  const child = fork(join(here, 'servers', 'nestjs-mcp-middleware.js'), {
    env: { ...process.env, PORT: String(port), CONFIG: config },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`server (${config}) exited with ${code}`)));
    child.once('message', (message) => resolve({ child, applied: message.applied, url: `http://127.0.0.1:${port}/mcp` }));
  });
}

function stop(child) {
  return new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.once('exit', resolve);
    child.kill('SIGTERM');
  });
}

function statsOf(child) {
  return new Promise((resolve) => {
    child.once('message', (message) => resolve(message.stats));
    child.send('stats');
  });
}

/** Calls twice (the second answer is what a cache hit returns) and returns that body: every measured answer must equal it. */
async function expectedBody(url, headers, body) {
  let text;
  for (let attempt = 0; attempt < 2; attempt++) {
    const response = await fetch(url, { method: 'POST', headers, body });
    text = await response.text();
    if (!response.ok || !text.includes('hello') || text.includes('"isError":true')) {
      throw new Error(`check call failed: HTTP ${response.status} ${text.slice(0, 300)}`);
    }
  }
  return text;
}

async function measure(variant, path) {
  const { child, url, applied } = await start(variant.config);
  try {
    const { headers, body } = await paths[path](url, variant.tool);
    const expectBody = await expectedBody(url, headers, body);
    const before = await statsOf(child);
    // Each connection has its own request id (idPerConnection): every answer but for its id must equal the expected.
    const sameAnswer = (text) => text.replace(/"id":\d+/, '"id":1') === expectBody;
    const options = { url, method: 'POST', headers, body, setupClient: idPerConnection(body), verifyBody: sameAnswer, connections: CONNECTIONS };
    const warm = await autocannon({ ...options, duration: WARMUP });
    const result = await autocannon({ ...options, duration: DURATION });
    const after = await statsOf(child);
    const failures = (result) => result.errors + result.timeouts + result.non2xx + result.mismatches;
    return {
      reqPerSec: Math.round(result.requests.average),
      p99Ms: result.latency.p99,
      failures: failures(warm) + failures(result),
      requests: warm.requests.total + result.requests.total,
      recorded: difference(after, before),
      applied,
    };
  } finally {
    await stop(child);
  }
}

/** What the server counted during warm-up and measurement (after minus before). */
function difference(after, before) {
  // Histogram counts are counted during the run; a sum or gauge (e.g. active sessions) is reported as it stands.
  const metrics = {};
  for (const [name, point] of Object.entries(after.metrics)) {
    metrics[name] = point.count === undefined ? { value: point.value } : { count: point.count - (before.metrics[name]?.count ?? 0) };
  }
  return {
    handlerRuns: after.handlerRuns.echo + after.handlerRuns.echo_cached - before.handlerRuns.echo - before.handlerRuns.echo_cached,
    logLines: after.logLines - before.logLines,
    spansExported: after.spansExported - before.spansExported,
    metrics,
  };
}

/** What a run of each configuration must show if its middleware really ran; a row that fails this measures nothing. */
function warningsOf(variant, run) {
  const { requests, recorded, applied } = run;
  const warnings = applied.missing.map((name) => `\`${name}\` is not exported by nestjs-mcp: not applied`);
  const sdk = variant.config === 'telemetry' || variant.config === 'all';
  if (sdk && recorded.spansExported < requests) warnings.push(`${recorded.spansExported} spans for ${requests} requests: telemetry is not recording`);
  const operations = recorded.metrics['mcp.server.operation.duration']?.count ?? 0;
  if (sdk && operations < requests) warnings.push(`mcp.server.operation.duration counted ${operations} of ${requests} requests`);
  if (variant.config === 'all' && recorded.logLines < requests) warnings.push(`${recorded.logLines} call-log lines for ${requests} requests: the call log is not logging`);
  if (variant.key === 'cache-hit' && recorded.handlerRuns > requests / 100) warnings.push(`the handler ran ${recorded.handlerRuns} times for ${requests} requests: not served from the cache`);
  if (variant.config !== 'all' && recorded.logLines > 0) warnings.push(`${recorded.logLines} log lines in a configuration without the call log`);
  return warnings.map((warning) => `${variant.key}: ${warning}`);
}

const rotate = (list, by) => list.map((_, index) => list[(index + by) % list.length]);
const git = (...args) => execFileSync('git', ['-C', join(here, '..'), ...args], { encoding: 'utf8' }).trim();
function commitOf() {
  try {
    return `${git('log', '-1', '--format=%h')}${git('status', '--porcelain', '--untracked-files=no') ? ' (with uncommitted changes)' : ''}`;
  } catch {
    return 'unknown (not a git checkout)';
  }
}
const commit = commitOf();

/** results[path][variant key] = runs, in round order. */
const results = {};
for (const path of Object.keys(paths)) {
  results[path] = Object.fromEntries(variants.map((variant) => [variant.key, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const variant of rotate(variants, round % variants.length)) {
      const run = await measure(variant, path);
      results[path][variant.key].push(run);
      for (const warning of warningsOf(variant, run)) console.warn(`WARNING ${path} | ${warning}`);
      console.log(
        `${path} | round ${round + 1} | ${variant.key.padEnd(9)} ${String(run.reqPerSec).padStart(6)} req/s  p99 ${run.p99Ms} ms  failures ${run.failures}` +
          `  handler runs ${run.recorded.handlerRuns}/${run.requests}  log lines ${run.recorded.logLines}  spans ${run.recorded.spansExported}`,
      );
    }
  }
}

/** Each configuration's options as its server reported them, so the file says what was measured. */
function configurationsSeen() {
  const seen = new Map();
  for (const byVariant of Object.values(results)) {
    for (const runs of Object.values(byVariant)) seen.set(runs[0].applied.config, runs[0].applied);
  }
  return [...seen.values()].map(
    (applied) =>
      `- ${applied.config}: \`${JSON.stringify(applied.moduleOptions)}\`${applied.sdk ? ', OTel SDK registered' : ''}` +
      `${applied.cacheResult ? `, \`echo_cached\` has \`@CacheResult(${JSON.stringify(applied.cacheResult)})\`` : ''}`,
  );
}

const ratio = (value, floor) => `${(value / floor).toFixed(2)}×`;
const lines = [
  '# What MCP middleware costs: tools/call throughput',
  '',
  `Run ${new Date().toISOString()} on ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, commit ${commit}.`,
  `tools/call of an echo tool (\`{ text: 'hello' }\`), JSON responses, ${CONNECTIONS} connections, ${DURATION} s per run after a ${WARMUP} s warm-up,`,
  `a fresh server process per run, ${ROUNDS} rounds; each round runs every configuration once, in an order rotated by one each round.`,
  'The median run counts; ratios are to the plain median of the same run; "per-round ratios" divide each run by the plain run of its round.',
  `Reproduce: \`${ROUNDS === 5 && DURATION === 5 && WARMUP === 2 && CONNECTIONS === 32 ? '' : `ROUNDS=${ROUNDS} DURATION=${DURATION} WARMUP=${WARMUP} CONNECTIONS=${CONNECTIONS} `}npm run bench:middleware\` (writes this file).`,
  '',
  'Configurations (bench/servers/nestjs-mcp-middleware.js):',
  '- **plain**: `telemetry: false`, no other option: the floor. **A/A control**: the same again, to show the noise.',
  '- **default**: telemetry left on (the default), no OpenTelemetry SDK registered.',
  '- **telemetry**: an OTel SDK registered before bootstrap (TracerProvider + BatchSpanProcessor with an exporter that drops',
  '  the spans, MeterProvider with a reader that never exports during the run, AsyncLocalStorage context manager, W3C trace',
  '  context + baggage propagators), so spans and metrics are really recorded.',
  '- **all built-ins**: the SDK as above + `callLog: true` (the app logger is a no-op LoggerService that counts lines, so',
  '  the console is not measured), `rateLimit` with a capacity that never refuses, `timeouts`,',
  '  `resultLimit`, `retry` on an echo declared idempotent (it never fails, so retry only wraps it); **cache hit** calls',
  '  `echo_cached` (`@CacheResult`) with constant arguments on the same server.',
  '',
  'The `McpModule.forRoot` options each server reported (besides name, version, `responseMode: \'json\'` and the session limits):',
  '',
  ...configurationsSeen(),
  '',
];
for (const path of Object.keys(paths)) {
  const plainRuns = results[path].plain.map((run) => run.reqPerSec);
  const plain = median(plainRuns);
  lines.push(`## ${path}`, '');
  lines.push('| configuration | median req/s | ratio to plain | per-round ratios (min–max) | median p99 ms | failed requests | runs (req/s) |');
  lines.push('|---|---:|---:|---:|---:|---:|---|');
  for (const variant of variants) {
    const runs = results[path][variant.key];
    const values = runs.map((run) => run.reqPerSec);
    const perRound = values.map((value, index) => value / plainRuns[index]);
    const failures = runs.reduce((total, run) => total + run.failures, 0);
    lines.push(
      `| ${variant.label} | ${median(values)} | ${ratio(median(values), plain)} | ${Math.min(...perRound).toFixed(2)}–${Math.max(...perRound).toFixed(2)} | ` +
        `${median(runs.map((run) => run.p99Ms))} | ${failures} | ${values.join(', ')} |`,
    );
  }
  lines.push('');
}

lines.push('## What the servers recorded (last round, warm-up + measurement)', '');
lines.push('Proof the middleware really ran: requests answered (those in flight when a run ends are not counted), handler');
lines.push('runs (a cache hit runs the handler about once), call-log lines, spans exported to the no-op exporter, and');
lines.push('metrics: ×n is how many times a histogram recorded during the run, = v the value a sum or gauge ended at.');
lines.push('The rate limit, timeouts, result limit and retry leave no trace when they let a call through untouched: every');
lines.push('answer was checked against the expected body (the "failed requests" column), so none refused, cut or failed one.', '');
lines.push('| path | configuration | requests | handler runs | call-log lines | spans | metrics |');
lines.push('|---|---|---:|---:|---:|---:|---|');
const warnings = [];
for (const path of Object.keys(paths)) {
  for (const variant of variants) {
    const run = results[path][variant.key].at(-1);
    const metrics =
      Object.entries(run.recorded.metrics)
        .map(([name, point]) => (point.count === undefined ? `${name} = ${point.value}` : `${name} ×${point.count}`))
        .join(', ') || '–';
    lines.push(`| ${path} | ${variant.key} | ${run.requests} | ${run.recorded.handlerRuns} | ${run.recorded.logLines} | ${run.recorded.spansExported} | ${metrics} |`);
    for (const run of results[path][variant.key]) warnings.push(...warningsOf(variant, run).map((warning) => `${path} | ${warning}`));
  }
}
lines.push('');
if (warnings.length > 0) {
  lines.push('## Warnings: these rows did not measure what they claim', '', ...[...new Set(warnings)].map((warning) => `- ${warning}`), '');
}
writeFileSync(join(here, 'results-middleware.md'), lines.join('\n'));
console.log(lines.join('\n'));
console.log('wrote bench/results-middleware.md');
