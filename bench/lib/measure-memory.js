// Memory of nestjs-mcp's echo server (bench/servers/nestjs-mcp.js, run with --expose-gc), after GC:
// per idle 2025 session, and RSS over a soak of sustained load on each path.
import { modernLoad, openSessionHeaders, sessionLoad } from './echo-calls.js';
import { checkEcho, loadFor } from './load.js';
import { openSession } from './session.js';
import { median } from './median.js';
import { memoryOf, startServer, stopServer } from './servers.js';

const KIB = 1024;
const MIB = 1024 * 1024;

/** session.dormantAfterMs of the idle-session measurement (the library's default, set so the wait below can follow it). */
export const DORMANT_AFTER_MS = 60_000;
/** Long enough for the sweep (every dormantAfterMs / 2 at most) to have released every session idle that long. */
export const DORMANT_WAIT_SECONDS = (DORMANT_AFTER_MS * 1.5 + 5_000) / 1000;

/**
 * Heap and RSS growth per session over `sessions` idle 2025 sessions (initialize and initialized each, 50 at a time):
 * just opened (live), and again once idle past session.dormantAfterMs (dormant: released, kept in the store).
 */
export async function sessionMemory({ label, dir }, sessions) {
  const { child, url } = await startServer(dir, 'nestjs-mcp.js', { env: { DORMANT_AFTER_MS: String(DORMANT_AFTER_MS) }, execArgv: ['--expose-gc'] });
  await openSessionHeaders(url('/mcp'));
  const before = await memoryOf(child);
  const started = performance.now();
  for (let index = 0; index < sessions; index += 50) {
    await Promise.all(Array.from({ length: Math.min(50, sessions - index) }, () => openSession(url('/mcp'))));
  }
  const openSeconds = (performance.now() - started) / 1000;
  const live = await memoryOf(child);
  await new Promise((resolve) => setTimeout(resolve, DORMANT_WAIT_SECONDS * 1000));
  const dormant = await memoryOf(child);
  await stopServer(child);
  const perSession = (after) => ({ heapKiB: (after.heapUsed - before.heapUsed) / sessions / KIB, rssKiB: (after.rss - before.rss) / sessions / KIB });
  const result = { label, sessions, openSeconds, live: perSession(live), dormant: perSession(dormant) };
  console.log(
    `memory per idle session${label} (${sessions} sessions, opened in ${openSeconds.toFixed(1)} s): live heap ${result.live.heapKiB.toFixed(1)} KiB, RSS ${result.live.rssKiB.toFixed(1)} KiB; ` +
      `dormant heap ${result.dormant.heapKiB.toFixed(1)} KiB, RSS ${result.dormant.rssKiB.toFixed(1)} KiB`,
  );
  return result;
}

/** The soaked paths: the server's mode and the load on its /mcp. */
export const SOAK_PATHS = [
  { path: 'session', name: '2025 session reused', mode: 'session', request: sessionLoad },
  { path: 'modern', name: '2026-07-28 request', mode: 'session', request: modernLoad },
  { path: 'stateless', name: '2025 stateless option', mode: 'stateless', request: sessionLoad },
];

/** Soak warm-up: a tenth of the soak, at least 2 s. */
export const soakWarmUpSeconds = (seconds) => Math.max(2, Math.round(seconds / 10));

/** RSS samples taken through a soak, each after GC. */
export const SOAK_SAMPLES = 10;

/**
 * One path in a fresh server: warm-up load, then `seconds` of load in `SOAK_SAMPLES` equal stretches, RSS and heap
 * after GC at the start and after each stretch. A single RSS reading after GC moves by ±15 % from one minute to the
 * next while the heap stays flat (the allocator keeps or returns pages as it sees fit), so growth compares the median
 * of the last three readings with the median of the first three (the start included): a leak grows the later ones
 * whatever the noise.
 */
export async function soak({ path, name, mode, request }, { dir, seconds, connections }) {
  const { child, url } = await startServer(dir, 'nestjs-mcp.js', { env: { MODE: mode }, execArgv: ['--expose-gc'] });
  const load = await request(url('/mcp'));
  await checkEcho(load.url, load.headers, load.body);
  await loadFor(load, { connections, seconds: soakWarmUpSeconds(seconds) });
  const samples = [await memoryOf(child)];
  const stretches = [];
  for (let stretch = 0; stretch < SOAK_SAMPLES; stretch++) {
    stretches.push(await loadFor(load, { connections, seconds: seconds / SOAK_SAMPLES }));
    samples.push(await memoryOf(child));
  }
  await stopServer(child);
  const rss = samples.map((sample) => sample.rss / MIB);
  const first = median(rss.slice(0, 3));
  const last = median(rss.slice(-3));
  const result = {
    path,
    name,
    seconds,
    reqPerSec: Math.round(stretches.reduce((sum, each) => sum + each.reqPerSec, 0) / stretches.length),
    errors: stretches.reduce((sum, each) => sum + each.errors, 0),
    rssStartMiB: first,
    rssEndMiB: last,
    rssMinMiB: Math.min(...rss),
    rssMaxMiB: Math.max(...rss),
    heapStartMiB: samples[0].heapUsed / MIB,
    heapEndMiB: samples.at(-1).heapUsed / MIB,
    rssGrowthPercent: ((last - first) / first) * 100,
    samples: samples.map(({ rss, heapUsed, external, arrayBuffers }) => ({ rss, heapUsed, external, arrayBuffers })),
  };
  console.log(
    `soak, ${name}, ${seconds} s at ${result.reqPerSec} req/s: RSS ${result.rssStartMiB.toFixed(1)} -> ${result.rssEndMiB.toFixed(1)} MiB (${result.rssGrowthPercent.toFixed(1)} %; readings ${rss.map((each) => each.toFixed(0)).join(', ')}), heap ${result.heapStartMiB.toFixed(1)} -> ${result.heapEndMiB.toFixed(1)} MiB`,
  );
  return result;
}
