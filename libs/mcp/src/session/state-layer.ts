import type { EventStore } from '@modelcontextprotocol/server';
import type { TaskStore } from '../tasks/task-store.interface.js';
import type { McpNotificationBus } from './notification-bus.js';
import type { McpRelay } from './session-relay.js';
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
  health?(): Promise<McpStoreHealth>;
  /** Called on application shutdown (after sessions were let go). */
  close?(): Promise<void>;
}
