import type { EventStore } from '@modelcontextprotocol/server';
import type { TaskStore } from '../tasks/task-store.interface.js';
import type { McpNotificationBus } from './notification-bus.js';
import type { InstanceRegistry } from './instances.js';
import type { McpRelay } from './session-relay.js';
import type { StreamOwnership } from './stream-ownership.js';
import type { SessionStore } from './session-store.interface.js';

export interface McpStoreHealth {
  healthy: boolean;
  /** What is wrong, when unhealthy (e.g. "Redis: connection refused"). */
  detail?: string;
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
  health?(): Promise<McpStoreHealth>;
  /** Resolves once the backing store can take commands (awaited at startup, for a bounded time). */
  ready?(): Promise<void>;
  /** Called on application shutdown (after sessions were let go). */
  close?(): Promise<void>;
}
