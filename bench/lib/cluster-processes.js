// Real processes for the scale-out benches: a redis-server and instances of the cluster fixture (test/cluster, built
// into dist-cluster by `npm run build`).
import { spawn } from 'node:child_process';
import { createConnection, createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CLUSTER_ENTRY = join(dirname(fileURLToPath(import.meta.url)), '../../dist-cluster/main.js');
export const STATE_SECRET = 'bench-secret-bench-secret-bench-secret-0123';

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export const freePort = () =>
  new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

export const exited = (child) => (child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', resolve)));

/** The status of `<port>/mcp/health`, or 0 when the instance does not answer. */
export async function healthOf(port) {
  try {
    return (await fetch(`http://127.0.0.1:${port}/mcp/health`)).status;
  } catch {
    return 0;
  }
}

async function waitForHealth(port) {
  for (let attempt = 0; attempt < 200; attempt++) {
    if ((await healthOf(port)) === 200) return;
    await sleep(100);
  }
  throw new Error(`instance on ${port} did not come up`);
}

/** An instance of the cluster fixture, ready (health 200) when this resolves. */
export async function startInstance(env, { stdio = 'inherit' } = {}) {
  const port = await freePort();
  const child = spawn(process.execPath, [CLUSTER_ENTRY], { env: { ...process.env, MCP_STATE_SECRET: STATE_SECRET, ...env, PORT: String(port) }, stdio });
  await waitForHealth(port);
  return { port, child };
}

/** A redis-server on `port` (default a free one); `args` add to its command line. Resolves once it accepts connections. */
export async function startRedis({ port, args = ['--save', '', '--appendonly', 'no'] } = {}) {
  const chosen = port ?? (await freePort());
  const child = spawn('redis-server', ['--port', String(chosen), '--bind', '127.0.0.1', ...args], { stdio: 'ignore' });
  for (let attempt = 0; attempt < 200; attempt++) {
    if (child.exitCode !== null) throw new Error(`redis-server exited (${child.exitCode}) before port ${chosen} opened`);
    const open = await new Promise((resolve) => {
      const socket = createConnection({ port: chosen, host: '127.0.0.1' }, () => (socket.end(), resolve(true)));
      socket.on('error', () => resolve(false));
    });
    if (open) return { port: chosen, url: `redis://127.0.0.1:${chosen}`, child };
    await sleep(25);
  }
  throw new Error(`redis-server did not open port ${chosen}`);
}
