import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { freePort } from './ports.js';
import { afterAll, beforeAll } from '@jest/globals';
import { startRedis, stopProcess, waitForPort, type RedisServer } from './redis-server.js';

export interface Instance {
  name: string;
  port: number;
  process: ChildProcess;
  output: string[];
}

const ENTRY = resolve(process.cwd(), 'dist-cluster/main.js');
export const STATE_SECRET = 'a-shared-secret-of-at-least-32-bytes-for-tests';

/** Starts the cluster fixture app (test/cluster, built by `npm run build`) as a real process. */
export async function startInstance(name: string, redisUrl: string, port?: number, env: Record<string, string> = {}): Promise<Instance> {
  const chosen = port ?? (await freePort());
  const child = spawn(process.execPath, [ENTRY], {
    env: { ...process.env, PORT: String(chosen), INSTANCE: name, MCP_REDIS_URL: redisUrl, MCP_STATE_SECRET: STATE_SECRET, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stdout!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  await waitForPort(chosen, 20_000);
  return { name, port: chosen, process: child, output };
}

export function stopInstance(instance: Instance, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  return stopProcess(instance.process, signal);
}

/** A fetch that sends each request to the next instance in turn, whatever URL the client meant. */
export function roundRobinFetch(instances: () => Instance[]): typeof fetch {
  let next = 0;
  return ((input: string | URL | Request, init?: RequestInit) => {
    const live = instances();
    const target = live[next++ % live.length];
    const url = new URL(typeof input === 'string' || input instanceof URL ? input.toString() : input.url);
    url.port = String(target.port);
    return fetch(url, init);
  }) as typeof fetch;
}

/** Polls until every instance's `<path>/health` answers `status` (200 ready, 503 not). */
export async function untilHealth(instances: Instance[], status: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const statusOf = async ({ port }: Instance) => (await fetch(`http://127.0.0.1:${port}/mcp/health`)).status;
  while ((await Promise.all(instances.map(statusOf))).some((each) => each !== status)) {
    if (Date.now() > deadline) throw new Error(`health did not answer ${status} on every instance within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export function isAlive(instance: Instance): boolean {
  return instance.process.exitCode === null && instance.process.signalCode === null;
}

/** Starts a redis-server and the named instances on it before the suite, and stops them all after it. */
export function useCluster(names: string[], env: Record<string, string> = {}) {
  const state: { redis?: RedisServer; instances: Instance[] } = { instances: [] };
  beforeAll(async () => {
    state.redis = await startRedis();
    state.instances = await Promise.all(names.map((name) => startInstance(name, state.redis!.url, undefined, env)));
  }, 60_000);
  afterAll(async () => {
    await Promise.all(state.instances.map((instance) => stopInstance(instance)));
    await state.redis?.stop();
  });
  return {
    get instances(): Instance[] {
      return state.instances;
    },
    live: (): Instance[] => state.instances.filter(isAlive),
  };
}
