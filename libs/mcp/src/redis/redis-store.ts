import { randomUUID } from 'node:crypto';
import { Redis, type RedisOptions } from 'ioredis';
import { DEFAULT_MCP_SERVER } from '../interfaces/mcp-server-tokens.js';
import type { McpStateLayer, McpStoreHealth } from '../interfaces/state-layer.interface.js';
import { failingAsUnavailable } from '../errors/store-unavailable.error.js';
import { RedisEventStore } from './redis-event-store.js';
import { RedisInstances, RedisStreamOwnership } from './redis-instances.js';
import { RedisInbox } from './redis-inbox.js';
import { RedisNotificationBus, RedisRelay } from './redis-messaging.js';
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
  /**
   * How long any Redis command may take before it fails (the request needing it gets 503 + Retry-After): a Redis that
   * hangs (frozen, partitioned) holds no request longer. Default 1,500 ms.
   */
  commandTimeoutMs?: number;
}

/** Reconnects quickly after a Redis restart: 200 ms, 400 ms, ... at most 1 s apart. */
const reconnectSoon = (attempt: number) => Math.min(attempt * 200, 1_000);
/** The inbox reader hears from Redis every second (an empty XREAD); silence this long means a dead or frozen link. */
const READER_SOCKET_TIMEOUT_MS = 3_000;

/**
 * Shares all of the MCP server's state through Redis, so N identical instances behave as one:
 * `McpModule.forRoot({ name, version, store: redisStore({ url: process.env.REDIS_URL }) })`.
 */
export function redisStore(options: RedisStoreOptions = {}): McpStateLayer {
  const prefix = options.keyPrefix ?? 'mcp:';
  const connection: RedisOptions = {
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    enableAutoPipelining: true,
    commandTimeout: options.commandTimeoutMs ?? 1_500,
    retryStrategy: reconnectSoon,
    connectionName: 'mcp',
    ...options.redisOptions,
  };
  const redis = options.url ? new Redis(options.url, connection) : new Redis(connection);
  // Its blocking reads wait in the offline queue while it reconnects and are sent again after (not when auto-pipelined:
  // a pipelined read in flight at a disconnect never settles); a read unanswered for seconds drops the link.
  const reader = redis.duplicate({
    commandTimeout: undefined,
    maxRetriesPerRequest: null,
    enableOfflineQueue: true,
    enableAutoPipelining: false,
    socketTimeout: READER_SOCKET_TIMEOUT_MS,
    connectionName: 'mcp-inbox',
  });
  // Connection errors are reported through health checks and the failing calls; keep them off the process.
  redis.on('error', () => undefined);
  reader.on('error', () => undefined);
  const inbox = new RedisInbox(redis, reader, prefix);
  inbox.start().catch(() => undefined);
  const shared: SharedConnections = { redis, inbox, users: 0 };
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

/** One Redis connection and one inbox serve every server of the app; they close when the last of them lets go. */
interface SharedConnections {
  redis: Redis;
  inbox: RedisInbox;
  users: number;
}

/** The state layer of keys and channels under `prefix`, on the shared connections. */
function layerOn(shared: SharedConnections, prefix: string, options: RedisStoreOptions): McpStateLayer {
  const { redis, inbox } = shared;
  const healthTimeoutMs = options.healthTimeoutMs ?? 1_000;
  return {
    sessions: failingAsUnavailable(new RedisSessionStore(redis, prefix, options.sessionSafetyTtlMs ?? 24 * 60 * 60 * 1000)),
    events: failingAsUnavailable(new RedisEventStore(redis, prefix, options.maxEventsPerStream ?? 1_000, options.eventTtlMs ?? 30 * 60 * 1000)),
    tasks: failingAsUnavailable(new RedisTaskStore(redis, prefix)),
    bus: new RedisNotificationBus(inbox, `${prefix}bus`),
    relay: failingAsUnavailable(new RedisRelay(inbox, `${prefix}relay:`, randomUUID())),
    instances: failingAsUnavailable(new RedisInstances(redis, prefix)),
    streams: failingAsUnavailable(new RedisStreamOwnership(redis, prefix, options.eventTtlMs ?? 30 * 60 * 1000)),
    // Not failingAsUnavailable: when Redis is down, cached components simply run.
    resultCache: new RedisResultCacheStore(redis, prefix),
    rateLimits: new RedisRateLimitStore(redis, prefix),
    health: async () => {
      const commands = await ping(redis, healthTimeoutMs);
      return commands.healthy ? inbox.health() : commands;
    },
    ready: async () => {
      if (redis.status !== 'ready') await new Promise((resolve) => redis.once('ready', resolve));
      await inbox.member().catch(() => undefined); // the heartbeat retries; health says 503 meanwhile
    },
    close: () => closeShared(shared),
  };
}

async function release(shared: SharedConnections): Promise<void> {
  if (--shared.users > 0) return;
  await closeShared(shared);
}

async function closeShared(shared: SharedConnections): Promise<void> {
  await shared.inbox.close();
  await letGo(shared.redis);
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
