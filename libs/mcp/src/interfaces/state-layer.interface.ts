import type { EventStore, RequestId } from '@modelcontextprotocol/server';
import type { McpNotificationBus } from './notification-bus.interface.js';
import type { RateLimitStore } from './rate-limit.interface.js';
import type { McpRelay } from './relay.interface.js';
import type { ResultCacheStore } from './result-cache.interface.js';
import type { SessionStore } from './session-store.interface.js';
import type { TaskStore } from './task-store.interface.js';

export interface McpStoreHealth {
  healthy: boolean;
  /** What is wrong, when unhealthy (e.g. "Redis: connection refused"). */
  detail?: string;
}

/** Which server instances are alive, so work left by one that died (SIGKILL) can be reported as failed. */
export interface InstanceRegistry {
  /** Says this instance is alive for the next `ttlMs`. */
  announce(instanceId: string, ttlMs: number): Promise<void>;
  alive(instanceId: string): Promise<boolean>;
  /** Says this instance is gone (clean shutdown). */
  retire(instanceId: string): Promise<void>;
}

/** Who serves the calls of one resumable SSE stream, and which of them are still unanswered. */
export interface StreamOwner {
  instanceId: string;
  pending: RequestId[];
}

/**
 * Records which instance answers the requests of each resumable stream, so that an instance resuming the stream
 * after its owner died can answer the orphaned requests with an error instead of leaving the client waiting.
 */
export interface StreamOwnership {
  claim(streamKey: string, owner: StreamOwner): Promise<void>;
  /** The request was answered on the stream. */
  settle(streamKey: string, requestId: RequestId): Promise<void>;
  get(streamKey: string): Promise<StreamOwner | undefined>;
}

/**
 * All the state a server shares between its instances, behind one option (`McpModule.forRoot({ store })`).
 * In memory by default (one process); `redisStore()` from `nestjs-mcp/redis` shares it through Redis.
 */
export interface McpStateLayer {
  sessions: SessionStore;
  /** Resumable SSE events (2025 era). */
  events?: EventStore;
  tasks?: TaskStore;
  /** list_changed and resource-updated events, to every instance. */
  bus?: McpNotificationBus;
  /** Client messages and task commands, to the instance that holds the session or task. */
  relay?: McpRelay;
  /** Instance heartbeats: work left by a dead instance is reported as failed. */
  instances?: InstanceRegistry;
  /** Which instance answers each resumable stream's requests (for answering orphans after a crash). */
  streams?: StreamOwnership;
  /** Token buckets of rate limits, shared by every instance. */
  rateLimits?: RateLimitStore;
  /** Results of `@CacheResult` components, shared by every instance. */
  resultCache?: ResultCacheStore;
  health?(): Promise<McpStoreHealth>;
  /** Resolves once the backing store can take commands (awaited at startup, for a bounded time). */
  ready?(): Promise<void>;
  /** Called on application shutdown (after sessions were let go). */
  close?(): Promise<void>;
  /**
   * The layer one server of the app uses, when several servers share this store: its own keys and channels, so no
   * server sees another's sessions, tasks, events or notifications. Every server that takes the layer calls it with
   * its key (`'default'` for the server that names none).
   */
  forServer?(server: string): McpStateLayer;
}
