// tools/call throughput and latency of the echo tool, JSON responses: every server process started once, then
// interleaved rounds of every row (bench/lib/rounds.js); medians per row, each round's figures kept.
import { callBody, modernLoad, sessionLoad } from './echo-calls.js';
import { checkEcho, loadFor } from './load.js';
import { median } from './median.js';
import { interleave, WARMUP_SECONDS } from './rounds.js';
import { startServer, stopServer } from './servers.js';

/** Starts every server and lists the rows: { server, path, label, name, request }. */
async function rowsAndServers(root, builds) {
  const bare = await startServer(root, 'bare-fastify.js');
  const raw = await startServer(root, 'raw-sdk.js');
  const servers = [bare, raw];
  const rows = [
    { server: 'bare', path: 'ceiling', label: '', name: 'bare Fastify JSON route (ceiling)', request: { url: bare.url('/mcp'), headers: { 'content-type': 'application/json' }, body: callBody() } },
    { server: 'raw', path: 'session', label: '', name: 'raw SDK v2, 2025 session reused', request: await sessionLoad(raw.url('/legacy')) },
    { server: 'raw', path: 'modern', label: '', name: 'raw SDK v2 createMcpHandler, 2026-07-28', request: modernLoad(raw.url('/modern')) },
    { server: 'raw', path: 'stateless', label: '', name: 'raw SDK v2, 2025 stateless (server + transport per request)', request: await sessionLoad(raw.url('/stateless')) },
  ];
  for (const { label, dir } of builds) {
    const nest = await startServer(dir, 'nestjs-mcp.js');
    const stateless = await startServer(dir, 'nestjs-mcp.js', { env: { MODE: 'stateless' } });
    servers.push(nest, stateless);
    rows.push(
      { server: 'nestjs-mcp', path: 'session', label, name: `nestjs-mcp${label}, 2025 session reused`, request: await sessionLoad(nest.url('/mcp')) },
      { server: 'nestjs-mcp', path: 'modern', label, name: `nestjs-mcp${label}, 2026-07-28 request`, request: modernLoad(nest.url('/mcp')) },
      { server: 'nestjs-mcp', path: 'stateless', label, name: `nestjs-mcp${label}, 2025 stateless option`, request: await sessionLoad(stateless.url('/mcp')) },
    );
  }
  return { rows, servers };
}

/** Every row's median req/s, p50, p99 and summed errors over `rounds` rounds of `seconds` each, with each round's figures. */
export async function measureThroughput({ root, builds, rounds, seconds, connections }) {
  const { rows, servers } = await rowsAndServers(root, builds);
  const figures = await interleave(
    rows.map(({ name, request }) => ({
      async warmUp() {
        await checkEcho(request.url, request.headers, request.body);
        await loadFor(request, { connections, seconds: WARMUP_SECONDS });
      },
      async measure() {
        const figure = await loadFor(request, { connections, seconds });
        console.log(`${name.padEnd(60)} ${String(figure.reqPerSec).padStart(7)} req/s  p50 ${figure.p50Ms} ms  p99 ${figure.p99Ms} ms  errors ${figure.errors}`);
        return figure;
      },
    })),
    rounds,
  );
  for (const { child } of servers) await stopServer(child);
  return rows.map(({ server, path, label, name }, index) => {
    const each = figures[index];
    return {
      server,
      path,
      label,
      name,
      reqPerSec: median(each.map((figure) => figure.reqPerSec)),
      p50Ms: median(each.map((figure) => figure.p50Ms)),
      p99Ms: median(each.map((figure) => figure.p99Ms)),
      errors: each.reduce((sum, figure) => sum + figure.errors, 0),
      rounds: each,
    };
  });
}
