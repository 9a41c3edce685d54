// tools/list of TOOLS rich-DTO tools: full walks per second (every page, `walkers` concurrent walkers, one 2025
// session per server) of nestjs-mcp against the raw SDK with the same tools as zod schemas, in interleaved rounds.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { openSessionHeaders } from './echo-calls.js';
import { median } from './median.js';
import { interleave, WARMUP_SECONDS } from './rounds.js';
import { startServer, stopServer } from './servers.js';
import { walksPerSecond } from './tools-list.js';

/** The checkouts that have the rich-tools server (a baseline from before it has not). */
export const withRichTools = (builds) => builds.filter(({ dir }) => existsSync(join(dir, 'bench', 'servers', 'nestjs-mcp-rich-tools.js')));

export async function measureToolsList({ root, builds, rounds, seconds, walkers, tools }) {
  const env = { TOOLS: String(tools) };
  const targets = [
    { server: 'raw', label: '', name: `raw SDK v2, ${tools} tools with zod schemas`, ...(await startServer(root, 'raw-sdk-rich-tools.js', { env })) },
  ];
  for (const { label, dir } of withRichTools(builds)) {
    targets.push({ server: 'nestjs-mcp', label, name: `nestjs-mcp${label}, ${tools} tools with DTOs`, ...(await startServer(dir, 'nestjs-mcp-rich-tools.js', { env })) });
  }
  for (const target of targets) target.headers = await openSessionHeaders(target.url('/mcp'));
  const figures = await interleave(
    targets.map(({ name, url, headers }) => {
      const load = { url: url('/mcp'), headers, walkers, tools };
      return {
        async warmUp() {
          await walksPerSecond({ ...load, seconds: WARMUP_SECONDS });
        },
        async measure() {
          const walks = await walksPerSecond({ ...load, seconds });
          console.log(`tools/list, ${name}: ${walks.toFixed(1)} full walks/s`);
          return walks;
        },
      };
    }),
    rounds,
  );
  for (const { child } of targets) await stopServer(child);
  return targets.map(({ server, label, name }, index) => ({ server, label, name, tools, walkers, walksPerSec: median(figures[index]), rounds: figures[index] }));
}
