// Memory per idle 2025 session at SESSIONS sessions (in-memory mode), and proof that idle sessions are reaped:
// after the idle TTL the sessions answer 404 and the memory they held is released.
// Usage: npm run bench:sessions   (SESSIONS=10000 IDLE_TTL_MS=20000 override)
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { memoryOf, startServer } from './lib/servers.js';
import { ACCEPT, openSession } from './lib/session.js';

const here = dirname(fileURLToPath(import.meta.url));
const SESSIONS = Number(process.env.SESSIONS ?? 10_000);
const IDLE_TTL_MS = Number(process.env.IDLE_TTL_MS ?? 20_000);

const server = await startServer(join(here, '..'), 'nestjs-mcp.js', { env: { IDLE_TTL_MS: String(IDLE_TTL_MS) }, execArgv: ['--expose-gc'] });
const { child } = server;
const url = server.url('/mcp');
const memory = () => memoryOf(child);

const status = async (sessionId) =>
  (
    await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: ACCEPT, 'mcp-session-id': sessionId, 'mcp-protocol-version': '2025-11-25' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    })
  ).status;

await openSession(url, { initialized: false });
const baseline = await memory();
const ids = [];
for (let index = 0; index < SESSIONS; index += 100) {
  ids.push(...(await Promise.all(Array.from({ length: Math.min(100, SESSIONS - index) }, () => openSession(url, { initialized: false })))));
}
const loaded = await memory();
const sample = ids.filter((_, index) => index % Math.ceil(SESSIONS / 100) === 0);
const aliveBefore = (await Promise.all(sample.map(status))).filter((code) => code === 200).length;
console.log(`opened ${SESSIONS} sessions; ${aliveBefore}/${sample.length} sampled answer 200`);
await new Promise((resolve) => setTimeout(resolve, IDLE_TTL_MS + Math.max(1000, Math.min(IDLE_TTL_MS / 2, 60_000)) + 2_000));
const goneAfter = (await Promise.all(sample.map(status))).filter((code) => code === 404).length;
const reaped = await memory();
child.send('exit');

const kib = (bytes) => (bytes / 1024).toFixed(1);
const perSession = { heap: (loaded.heapUsed - baseline.heapUsed) / SESSIONS, rss: (loaded.rss - baseline.rss) / SESSIONS };
const lines = [
  '# Idle sessions: memory and reaping',
  '',
  `Run ${new Date().toISOString()}, Node ${process.version}; reproduce with \`npm run bench:sessions\`.`,
  '',
  `- ${SESSIONS} idle 2025 sessions in one process (in-memory store): **${kib(perSession.heap)} KiB heap** and **${kib(perSession.rss)} KiB RSS per session** (after GC).`,
  `- Heap: ${kib(baseline.heapUsed)} KiB with one session, ${kib(loaded.heapUsed)} KiB with ${SESSIONS}, ${kib(reaped.heapUsed)} KiB after the idle TTL (${IDLE_TTL_MS} ms) passed.`,
  `- Before the TTL ${aliveBefore}/${sample.length} sampled sessions answered 200; after it ${goneAfter}/${sample.length} answered 404 (reaped).`,
  '',
];
writeFileSync(join(here, 'results-sessions.md'), lines.join('\n'));
console.log(lines.join('\n'));
process.exit(0);
