// Redis faults, in long loops: two instances of the cluster fixture on one redis-server (AOF on), one official v1
// client sending its requests alternately to each, so that every answer to an elicitation reaches the instance that is
// not waiting for it. Per fault: trials, answers lost, the longest wait for any answer (result or 503), and the time to
// recover (both instances' health back to 200 and a call served). Usage: npm run bench:faults
// (RESTARTS=20 FREEZES=10 FREEZE_MS=3000 KILLS=50 FULLS=10 override).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ElicitRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { Redis } from 'ioredis';
import { exited, healthOf, sleep, startInstance, startRedis } from './lib/cluster-processes.js';

const here = dirname(fileURLToPath(import.meta.url));
const RESTARTS = Number(process.env.RESTARTS ?? 20);
const FREEZES = Number(process.env.FREEZES ?? 10);
const FREEZE_MS = Number(process.env.FREEZE_MS ?? 3_000);
const KILLS = Number(process.env.KILLS ?? 50);
const FULLS = Number(process.env.FULLS ?? 10);
/** A call not answered within this is counted lost (the answer hold is 5 s, a command timeout 1.5 s). */
const LOST_AFTER_MS = 20_000;

const dir = mkdtempSync(join(tmpdir(), 'mcp-faults-'));
const aof = ['--dir', dir, '--appendonly', 'yes', '--appendfsync', 'always', '--save', ''];
let redis = await startRedis({ args: aof });
const instances = await Promise.all(['a', 'b'].map((name) => startInstance({ INSTANCE: name, MCP_REDIS_URL: redis.url }, { stdio: ['ignore', 'ignore', 'ignore'] })));
const admin = new Redis(redis.url, { maxRetriesPerRequest: null, retryStrategy: () => 100 });
admin.on('error', () => undefined);

/** The client's fault, injected after the server asked and before the client answers. */
let beforeAnswer = async () => undefined;
let answeredAt = 0;
let next = 0;
const roundRobin = (input, init) => {
  const url = new URL(typeof input === 'string' || input instanceof URL ? input.toString() : input.url);
  url.port = String(instances[next++ % instances.length].port);
  return fetch(url, init);
};
const client = new Client({ name: 'faults', version: '1.0.0' }, { capabilities: { elicitation: {} } });
client.setRequestHandler(ElicitRequestSchema, async () => {
  await beforeAnswer();
  answeredAt = Date.now();
  return { action: 'accept', content: { confirm: true } };
});
await client.connect(new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${instances[0].port}/mcp`), { fetch: roundRobin }));

const refused = (error) => /HTTP 503|Service unavailable/.test(error.message);

/** A tool call and how it ended: 'ok', 'refused' (a clean 503), or 'failed'; `ms` is how long the answer took. */
async function call(name, args = {}) {
  const started = Date.now();
  try {
    const result = await client.callTool({ name, arguments: args }, undefined, { timeout: LOST_AFTER_MS });
    return { outcome: result.isError ? 'failed' : 'ok', ms: Date.now() - started, text: result.content?.[0]?.text };
  } catch (error) {
    return { outcome: refused(error) ? 'refused' : 'failed', ms: Date.now() - started, text: error.message };
  }
}

/** ms from now until both instances' health says 200 and a call is served (polled every 25 ms). */
async function recovery(since = Date.now()) {
  for (;;) {
    const statuses = await Promise.all(instances.map(({ port }) => healthOf(port)));
    if (statuses.every((status) => status === 200) && (await call('whoAmI')).outcome === 'ok') return Date.now() - since;
    if (Date.now() - since > 60_000) throw new Error('no recovery within 60 s');
    await sleep(25);
  }
}

/** A confirm call whose answer crosses instances after `fault` ran; lost unless answered accept. */
async function crossedAnswer(fault) {
  beforeAnswer = fault;
  try {
    const result = await call('confirm');
    return { lost: result.text !== 'confirm=true action=accept', afterAnswerMs: Date.now() - answeredAt, result };
  } finally {
    beforeAnswer = async () => undefined;
  }
}

function row(name, trials, details) {
  const { lost, waits, recoveries, note } = details;
  const sorted = [...recoveries].sort((x, y) => x - y);
  const line = {
    fault: name,
    trials,
    lost,
    longestWaitMs: Math.max(...waits),
    recoveryMedianMs: sorted[Math.floor(sorted.length / 2)],
    recoveryMaxMs: sorted.at(-1),
    note,
  };
  console.log(JSON.stringify(line));
  return line;
}

async function restarts() {
  let lost = 0;
  const waits = [];
  const recoveries = [];
  for (let trial = 0; trial < RESTARTS; trial++) {
    let restartedAt = 0;
    const crossed = await crossedAnswer(async () => {
      redis.child.kill('SIGTERM');
      await exited(redis.child);
      redis = await startRedis({ port: redis.port, args: aof });
      restartedAt = Date.now();
    });
    if (crossed.lost) lost++;
    waits.push(crossed.afterAnswerMs);
    recoveries.push(await recovery(restartedAt));
  }
  return row('Redis restart (SIGTERM, AOF), an elicitation answer sent the moment it is back', RESTARTS, {
    lost,
    waits,
    recoveries,
    note: 'wait: from the answer sent to the result; the answer POST is held while the store comes back',
  });
}

async function freezes() {
  let lost = 0;
  const waits = [];
  const recoveries = [];
  let refusals = 0;
  let failures = 0;
  for (let trial = 0; trial < FREEZES; trial++) {
    let thawedAt = 0;
    const crossed = await crossedAnswer(async () => {
      redis.child.kill('SIGSTOP');
      await sleep(200);
      // While frozen: calls that need the session store get a clean 503 within the command timeout.
      const during = await Promise.all([call('remember', { value: 'frozen' }), call('remember', { value: 'frozen' })]);
      for (const result of during) {
        waits.push(result.ms);
        if (result.outcome === 'refused') refusals++;
        else failures++;
      }
      setTimeout(() => {
        redis.child.kill('SIGCONT');
        thawedAt = Date.now();
      }, Math.max(0, FREEZE_MS - 200 - Math.max(...during.map((result) => result.ms))));
    });
    if (crossed.lost) lost++;
    waits.push(crossed.afterAnswerMs);
    recoveries.push(await recovery(thawedAt || Date.now()));
  }
  return row(`Redis frozen (SIGSTOP ${FREEZE_MS} ms, then SIGCONT), an answer sent while frozen`, FREEZES, {
    lost,
    waits,
    recoveries,
    note: `${refusals} calls during the freeze refused with 503, ${failures} otherwise; an answer is held up to 5 s`,
  });
}

async function relayKills() {
  let lost = 0;
  let killed = 0;
  const waits = [];
  const recoveries = [];
  for (let trial = 0; trial < KILLS; trial++) {
    let killedAt = 0;
    const crossed = await crossedAnswer(async () => {
      const readers = String(await admin.client('LIST')).split('\n').filter((line) => / name=mcp-inbox /.test(line));
      for (const line of readers) await admin.call('CLIENT', 'KILL', 'ID', /\bid=(\d+)/.exec(line)[1]);
      killed += readers.length;
      killedAt = Date.now();
    });
    if (crossed.lost) lost++;
    waits.push(crossed.afterAnswerMs);
    recoveries.push(await recovery(killedAt));
  }
  return row('The inbox connections killed (CLIENT KILL), an answer sent at once', KILLS, { lost, waits, recoveries, note: `${killed} connections killed` });
}

async function memoryFull() {
  const waits = [];
  const recoveries = [];
  let refusals = 0;
  let failures = 0;
  for (let trial = 0; trial < FULLS; trial++) {
    await admin.config('SET', 'maxmemory-policy', 'noeviction');
    await admin.config('SET', 'maxmemory', '1');
    const results = await Promise.all([call('remember', { value: 'x'.repeat(1_000) }), call('remember', { value: 'y' })]);
    for (const result of results) {
      waits.push(result.ms);
      if (result.outcome === 'refused') refusals++;
      else failures++;
    }
    await admin.config('SET', 'maxmemory', '0');
    recoveries.push(await recovery());
  }
  return row('Redis out of memory (maxmemory 1, noeviction)', FULLS, {
    lost: 0,
    waits,
    recoveries,
    note: `${refusals} of ${FULLS * 2} writes refused with 503, ${failures} otherwise (no answer is in flight)`,
  });
}

const rows = [await restarts(), await freezes(), await relayKills(), await memoryFull()];
const crashed = instances.filter(({ child }) => child.exitCode !== null || child.signalCode !== null).length;
await client.close();
admin.disconnect();
await Promise.all(instances.map(({ child }) => (child.kill('SIGTERM'), exited(child))));
redis.child.kill('SIGTERM');
await exited(redis.child);
rmSync(dir, { recursive: true, force: true });

const lines = [
  '# Redis fault results',
  '',
  `Run ${new Date().toISOString()}, Node ${process.version}; reproduce with \`npm run bench:faults\`. Two instances of \`test/cluster\``,
  'on one redis-server (AOF, `appendfsync always`); one official v1 client sends its requests to each instance in turn, so',
  'every answer to an elicitation reaches the instance that is not waiting for it. A trial injects the fault after the',
  "server asked and before the client answers. An answer is lost when the call does not end `accept` within 20 s.",
  '',
  '| fault | trials | answers lost | longest wait, ms | recovery median / max, ms | notes |',
  '|---|---:|---:|---:|---:|---|',
  ...rows.map((each) => `| ${each.fault} | ${each.trials} | ${each.lost} | ${each.longestWaitMs} | ${each.recoveryMedianMs} / ${each.recoveryMaxMs} | ${each.note} |`),
  '',
  'Recovery: from Redis back (started, thawed, the connections killed, room again) until both instances answer 200 on',
  '`/mcp/health` and a call is served. Longest wait: the longest any request of the trial waited for its answer (a',
  `result or a 503). Instances that crashed: ${crashed}.`,
  '',
];
writeFileSync(join(here, 'results-faults.md'), lines.join('\n'));
console.log('wrote bench/results-faults.md');
process.exit(0);
