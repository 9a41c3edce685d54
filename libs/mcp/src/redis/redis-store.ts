import { randomUUID } from 'node:crypto';
import { Redis, type RedisOptions } from 'ioredis';
import { DEFAULT_MCP_SERVER } from '../interfaces/mcp-server-tokens.js';
import type { McpStateLayer, McpStoreHealth } from '../interfaces/state-layer.interface.js';
import { failingAsUnavailable } from '../errors/store-unavailable.error.js';
import { RedisEventStore } from './redis-event-store.js';
import { RedisInstances, RedisStreamOwnership } from './redis-instances.js';
import { RedisChannels, RedisNotificationBus, RedisRelay } from './redis-pubsub.js';
import { RedisResultCacheStore } from './redis-result-cache-store.js';
import { RedisRateLimitStore } from './redis-rate-limit-store.js';
import { RedisSessionStore } from './redis-session-store.js';
import { RedisTaskStore } from './redis-task-store.js';

export interface RedisStoreOptions {
  /** `redis://[user:password@]host:port[/db]`. Default `redis://127.0.0.1:6379`. */
  url?: string;
  /** Extra ioredis options (TLS, sentinels, ...). */
  redisOptions?: RedisOptions;
  /** Prefix of every key and channel, so several servers can share one Redis. Default `mcp:`. */
  keyPrefix?: string;
  /** Session keys expire this long after their last use even if no instance sweeps them. Default 24 hours. */
  sessionSafetyTtlMs?: number;
  /** Events kept per SSE stream for resumption. Default 1,000. */
  maxEventsPerStream?: number;
  /** SSE streams expire this long after their last event. Default 30 minutes. */
  eventTtlMs?: number;
  /** How long health checks wait for Redis. Default 1,000 ms. */
  healthTimeoutMs?: number;
}

/**
 * Shares all of the MCP server's state through Redis, so N identical instances behave as one:
 * `McpModule.forRoot({ name, version, store: redisStore({ url: process.env.REDIS_URL }) })`.
 */
export function redisStore(options: RedisStoreOptions = {}): McpStateLayer {
  const prefix = options.keyPrefix ?? 'mcp:';
  const connection: RedisOptions = { maxRetriesPerRequest: 1, enableOfflineQueue: false, enableAutoPipelining: true, ...options.redisOptions };
  const redis = options.url ? new Redis(options.url, connection) : new Redis(connection);
  const subscriber = redis.duplicate({ maxRetriesPerRequest: null, enableOfflineQueue: true });
  // Connection errors are reported through health checks and the failing calls; keep them off the process.
  redis.on('error', () => undefined);
  subscriber.on('error', () => undefined);
  const shared: SharedConnections = { redis, subscriber, channels: new RedisChannels(redis, subscriber), users: 0 };
  const root = layerOn(shared, prefix, options);
  return {
    ...root,
    forServer: (server) => {
      shared.users++;
      // The server that names none keeps the plain prefix, so its keys are those of a store shared by no other server.
      return { ...layerOn(shared, server === DEFAULT_MCP_SERVER ? prefix : `${prefix}${server}:`, options), close: () => release(shared) };
    },
  };
}

/** One Redis connection pair serves every server of the app; it closes when the last of them lets go. */
interface SharedConnections {
  redis: Redis;
  subscriber: Redis;
  channels: RedisChannels;
  users: number;
}

/** The state layer of keys and channels under `prefix`, on the shared connections. */
function layerOn(shared: SharedConnections, prefix: string, options: RedisStoreOptions): McpStateLayer {
  const { redis, channels } = shared;
  const healthTimeoutMs = options.healthTimeoutMs ?? 1_000;
  return {
    sessions: failingAsUnavailable(new RedisSessionStore(redis, prefix, options.sessionSafetyTtlMs ?? 24 * 60 * 60 * 1000)),
    events: failingAsUnavailable(new RedisEventStore(redis, prefix, options.maxEventsPerStream ?? 1_000, options.eventTtlMs ?? 30 * 60 * 1000)),
    tasks: failingAsUnavailable(new RedisTaskStore(redis, prefix)),
    bus: new RedisNotificationBus(channels, `${prefix}bus`),
    relay: new RedisRelay(channels, `${prefix}relay:`, randomUUID()),
    instances: failingAsUnavailable(new RedisInstances(redis, prefix)),
    streams: failingAsUnavailable(new RedisStreamOwnership(redis, prefix, options.eventTtlMs ?? 30 * 60 * 1000)),
    // Not failingAsUnavailable: when Redis is down, cached components simply run.
    resultCache: new RedisResultCacheStore(redis, prefix),
    rateLimits: new RedisRateLimitStore(redis, prefix),
    health: () => ping(redis, healthTimeoutMs),
    ready: () => (redis.status === 'ready' ? Promise.resolve() : new Promise((resolve) => redis.once('ready', () => resolve()))),
    close: () => Promise.all([letGo(redis), letGo(shared.subscriber)]).then(() => undefined),
  };
}

async function release(shared: SharedConnections): Promise<void> {
  if (--shared.users > 0) return;
  await Promise.all([letGo(shared.redis), letGo(shared.subscriber)]);
}

/** How long a clean QUIT may take before the connection is just dropped. */
const QUIT_TIMEOUT_MS = 1_000;

/**
 * Closes a connection: QUIT when Redis answers, else (down, or slow to answer) the socket is dropped. A QUIT sent
 * while Redis is unreachable would wait in the subscriber's offline queue forever, and the app's shutdown with it.
 */
async function letGo(client: Redis): Promise<void> {
  if (client.status === 'ready') {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), QUIT_TIMEOUT_MS)));
    const quit = await Promise.race([client.quit().then(() => 'quit' as const, () => 'failed' as const), timedOut]);
    clearTimeout(timer);
    if (quit === 'quit') return;
  }
  client.disconnect();
}

async function ping(redis: Redis, timeoutMs: number): Promise<McpStoreHealth> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([redis.ping(), timeout]);
    return { healthy: true };
  } catch (error) {
    return { healthy: false, detail: `Redis: ${(error as Error).message}` };
  } finally {
    clearTimeout(timer);
  }
}
