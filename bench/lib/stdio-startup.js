// Start-up of a stdio MCP server: the time from spawning its process to the answer to `initialize`, which is when a
// desktop host sees the server as up (some give it 1 s). Used by bench/stdio-startup.js and bench/run.js.
import { spawn } from 'node:child_process';

const INITIALIZE = `${JSON.stringify({
  jsonrpc: '2.0',
  id: 0,
  method: 'initialize',
  params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'bench', version: '1.0.0' } },
})}\n`;

const env = { ...process.env };
delete env.MCP_REDIS_URL;

/** Milliseconds from spawning `dir`/`entry` to the line answering `initialize` (written as soon as it is spawned). */
function startUpMs({ dir, entry }) {
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

/** Spawns every server `warmup + runs` times, all servers in alternating order; the kept milliseconds per server. */
export async function startUpTimes(servers, { runs, warmup }) {
  const times = new Map(servers.map((server) => [server, []]));
  for (let round = 0; round < warmup + runs; round++) {
    const order = round % 2 === 0 ? servers : [...servers].reverse();
    for (const server of order) {
      const elapsed = await startUpMs(server);
      if (round >= warmup) times.get(server).push(elapsed);
    }
  }
  return times;
}
