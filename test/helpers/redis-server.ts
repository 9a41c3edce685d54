import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createConnection } from 'node:net';
import { fileURLToPath } from 'node:url';
import { freePort } from './ports.js';

export interface RedisServer {
  port: number;
  url: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** A real redis-server on a free loopback port, without persistence; stopped (SIGKILL-safe) by `stop()`. */
export async function startRedis(port?: number, options: { persistDir?: string } = {}): Promise<RedisServer> {
  const chosen = port ?? (await freePort());
  const persistence = options.persistDir
    ? ['--dir', options.persistDir, '--appendonly', 'yes', '--appendfsync', 'always', '--save', '']
    : ['--save', '', '--appendonly', 'no'];
  const child = spawn('redis-server', ['--port', String(chosen), '--bind', '127.0.0.1', ...persistence], { stdio: 'ignore' });
  // A missing binary or an early exit fails at once (the missing binary with the line `npm test`'s first step prints),
  // not with a port timeout.
  let spawnError: Error | undefined;
  child.once('error', (error: NodeJS.ErrnoException) => {
    spawnError = error.code === 'ENOENT' ? new Error(missingRedisLine()) : error;
  });
  await waitForPort(chosen, 10_000, () =>
    spawnError ??
    (child.exitCode !== null || child.signalCode !== null
      ? new Error(`redis-server exited (${child.signalCode ?? child.exitCode}) before port ${chosen} opened`)
      : undefined),
  );
  return {
    port: chosen,
    url: `redis://127.0.0.1:${chosen}`,
    process: child,
    stop: () => stopProcess(child),
  };
}

/** What scripts/ensure-redis.mjs says when redis-server is not on the PATH: one line naming the command to install it. */
function missingRedisLine(): string {
  const script = fileURLToPath(new URL('../../scripts/ensure-redis.mjs', import.meta.url));
  const check = spawnSync(process.execPath, [script, '--check'], { encoding: 'utf8' });
  return check.stderr.trim() || 'redis-server is not on the PATH; the multi-instance tests start their own.';
}

export function stopProcess(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}

/** Waits until `port` accepts connections; `failure` (asked on every attempt) ends the wait early with its error. */
export async function waitForPort(port: number, timeoutMs: number, failure?: () => Error | undefined): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const failed = failure?.();
    if (failed) throw failed;
    const open = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ port, host: '127.0.0.1' }, () => {
        socket.end();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`port ${port} did not open within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
