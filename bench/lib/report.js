// bench/results.md from one run of bench/run.js: the targets first, then every measurement with its method.
import { cpus, totalmem } from 'node:os';
import { compositionMethod, compositionTable } from './composition.js';
import { DORMANT_AFTER_MS, DORMANT_WAIT_SECONDS, SOAK_SAMPLES, soakWarmUpSeconds } from './measure-memory.js';
import { WARMUP_SECONDS } from './rounds.js';
import { targetsTable } from './targets.js';

const fixed = (digits) => (value) => value.toFixed(digits);
const list = (values, digits = 0) => values.map(fixed(digits)).join(', ');
const count = (n, noun) => `${n} ${noun}${n === 1 ? '' : 's'}`;
const kib = (value) => `${value.toFixed(1)} KiB`;

function throughputSection(rows, { CONNECTIONS, DURATION, ROUNDS }) {
  const rawSession = rows.find((row) => row.server === 'raw' && row.path === 'session').reqPerSec;
  const ceiling = rows.find((row) => row.server === 'bare').reqPerSec;
  return [
    '## tools/call throughput and latency',
    '',
    `tools/call of an echo tool, JSON responses, ${CONNECTIONS} connections (autocannon in the parent process, each server in its own child process).`,
    `Every server process is started once; then ${count(ROUNDS, 'round')} each run every row for ${DURATION} s, in an order rotated by one each round,`,
    `a row warming up for ${WARMUP_SECONDS} s before its first measurement. req/s, p50 and p99 are the medians of the rounds; errors are summed.`,
    'The 2025 stateless rows open with `initialize` (no session id comes back) and then call with `mcp-protocol-version: 2025-11-25`;',
    "the raw SDK's stateless route is written as the SDK documents it: a new `McpServer` and `NodeStreamableHTTPServerTransport` per request.",
    '',
    '| server | req/s | p50 ms | p99 ms | errors | vs raw SDK v2 session | vs bare Fastify | req/s per round | p99 ms per round |',
    '|---|---:|---:|---:|---:|---:|---:|---|---|',
    ...rows.map(
      (row) =>
        `| ${row.name} | ${row.reqPerSec} | ${row.p50Ms} | ${row.p99Ms} | ${row.errors} | ${(row.reqPerSec / rawSession).toFixed(2)}× | ${(row.reqPerSec / ceiling).toFixed(2)}× | ${list(row.rounds.map((round) => round.reqPerSec))} | ${row.rounds.map((round) => round.p99Ms).join(', ')} |`,
    ),
  ];
}

function toolsListSection(rows, { DURATION, ROUNDS, WALKERS }) {
  const raw = rows.find((row) => row.server === 'raw').walksPerSec;
  const { tools } = rows[0];
  return [
    `## tools/list of ${tools} tools with rich DTO schemas`,
    '',
    `${tools} tools over ten argument shapes (bench/lib/rich-shapes.js: nested objects, arrays of them, enums, optional fields, numeric bounds,`,
    'string formats, a description on every field), each tool with its own name and description. nestjs-mcp: methods of providers whose',
    '`@Args()` is a DTO class with class-validator decorators and `@Field` descriptions, default options (pages of 100) but JSON responses;',
    'the raw SDK v2: an `McpServer` with the same tools, their `inputSchema` zod schemas of the same shapes (one page). A walk follows',
    `\`nextCursor\` to the end and must see all ${tools} tools; ${WALKERS} concurrent walkers on one 2025 session per server for ${DURATION} s per round,`,
    `${count(ROUNDS, 'interleaved round')} after a ${WARMUP_SECONDS} s warm-up; the median of the rounds.`,
    '',
    '| server | full walks/s | vs raw SDK v2 | walks/s per round |',
    '|---|---:|---:|---|',
    ...rows.map((row) => `| ${row.name} | ${row.walksPerSec.toFixed(1)} | ${(row.walksPerSec / raw).toFixed(2)}× | ${list(row.rounds, 1)} |`),
  ];
}

function memorySection(memory, soak, { CONNECTIONS, SOAK_SECONDS }) {
  return [
    '## Memory',
    '',
    `Per idle 2025 session: a fresh nestjs-mcp process (\`--expose-gc\`) with one session, GC, memory; then SESSIONS sessions opened`,
    `(initialize and initialized each, 50 at a time), GC, memory (*live*); then ${DORMANT_WAIT_SECONDS} s of idleness, past \`session.dormantAfterMs\``,
    `(${DORMANT_AFTER_MS / 1000} s, the default) and the sweep after it, GC, memory (*dormant*: the SDK server and transport released, the session kept in the store).`,
    'The growth over the first session, divided by the number of sessions.',
    '',
    '| server | sessions | opened in | heap, live | RSS, live | heap, dormant | RSS, dormant |',
    '|---|---:|---:|---:|---:|---:|---:|',
    ...memory.map(
      ({ label, sessions, openSeconds, live, dormant }) =>
        `| nestjs-mcp${label} | ${sessions} | ${openSeconds.toFixed(1)} s | ${kib(live.heapKiB)} | ${kib(live.rssKiB)} | ${kib(dormant.heapKiB)} | ${kib(dormant.rssKiB)} |`,
    ),
    '',
    `RSS under sustained load: each path in a fresh nestjs-mcp process (\`--expose-gc\`), ${CONNECTIONS} connections of tools/call:`,
    `${soakWarmUpSeconds(SOAK_SECONDS)} s of warm-up load; then ${SOAK_SECONDS} s of load in ${SOAK_SAMPLES} stretches, RSS and heap read after GC at the start and after each.`,
    'One reading moves by ±15 % from one minute to the next while the heap stays flat, so *start* and *end* are the medians of the first three and the last',
    'three readings, and growth is (end - start) / start.',
    '',
    '| path | req/s during the soak | errors | RSS at start, MiB | RSS at end, MiB | RSS growth | RSS readings, MiB | heap start → end, MiB |',
    '|---|---:|---:|---:|---:|---:|---|---|',
    ...soak.map(
      (each) =>
        `| ${each.name} | ${each.reqPerSec} | ${each.errors} | ${each.rssStartMiB.toFixed(1)} | ${each.rssEndMiB.toFixed(1)} | ${each.rssGrowthPercent.toFixed(1)} % | ${each.samples.map((sample) => (sample.rss / (1024 * 1024)).toFixed(0)).join(', ')} | ${each.heapStartMiB.toFixed(1)} → ${each.heapEndMiB.toFixed(1)} |`,
    ),
  ];
}

function bootstrapSection(bootstrap) {
  return [
    '## Bootstrap',
    '',
    '`NestFactory.createApplicationContext` of a module with the tools (module init, discovery, schemas, pipelines), a fresh process each run',
    '(bench/servers/many-tools.js), the kinds alternating; the median.',
    '',
    '| tools | median ms | runs, ms |',
    '|---|---:|---|',
    ...bootstrap.map((each) => `| ${each.tools} ${each.name}${each.label} | ${each.bootstrapMs.toFixed(0)} | ${list(each.runs)} |`),
  ];
}

function stdioSection(stdio) {
  return [
    '## stdio start-up',
    '',
    'From spawning the demo (as compiled, and as `nestjs-mcp bundle` makes it one file) to its answer to `initialize`, written as soon as the process is spawned',
    '(bench/lib/stdio-startup.js); three discarded spawns first, then 3 × RUNS, the checkouts alternating; the median. `npm run bench:stdio` has more servers.',
    '',
    '| server | median ms | runs, ms |',
    '|---|---:|---|',
    ...stdio.map((each) => `| ${each.name}${each.label} | ${each.startUpMs.toFixed(0)} | ${list(each.runs)} |`),
  ];
}

/** The whole page: `settings` are the knobs by name, `composition` its settings and results; the rest are results. */
export function resultsPage({ settings, reproduce, commit, targets, throughput, toolsList, memory, soak, bootstrap, stdio, composition }) {
  return [
    '# Benchmark results',
    '',
    `Run ${new Date().toISOString()} on ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, commit ${commit}.`,
    reproduce,
    `Settings: ${Object.entries(settings)
      .map(([name, value]) => `${name}=${value}`)
      .join(' ')}.`,
    '',
    '## Targets (issue 14)',
    '',
    "This checkout's nestjs-mcp against each target, from the figures below (medians; ratios of figures measured in the same rounds).",
    '',
    ...targetsTable(targets),
    '',
    ...throughputSection(throughput, settings),
    '',
    ...toolsListSection(toolsList, settings),
    '',
    ...memorySection(memory, soak, settings),
    '',
    ...bootstrapSection(bootstrap),
    '',
    ...stdioSection(stdio),
    '',
    `## Composition: ${composition.settings.tools} tools across ${composition.settings.modules} mounted modules, against the same tools flat`,
    '',
    ...compositionMethod(composition.settings),
    '',
    ...compositionTable(composition.results),
    '',
  ].join('\n');
}
