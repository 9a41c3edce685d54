import type { JSONRPCMessage, LoggingLevel } from '@modelcontextprotocol/server';
import type { McpVisibilityRule } from './component-visibility.interface.js';

/** What one instance tells the others about a 2025 session or a task it holds. */
export type RelayEvent =
  /** A client message that landed elsewhere: answers to server requests, `notifications/cancelled`. */
  | { type: 'message'; message: JSONRPCMessage }
  /** The session ended (DELETE, idle expiry): drop any local copy. */
  | { type: 'closed' }
  /** The session's resource subscriptions changed on another instance. */
  | { type: 'subscriptions'; uris: string[] }
  /** The session's log level changed on another instance. */
  | { type: 'log-level'; level: LoggingLevel }
  /** The session's component visibility rules changed on another instance. */
  | { type: 'visibility'; rules: McpVisibilityRule[] }
  /** `tasks/cancel` for a task running elsewhere. */
  | { type: 'cancel-task' }
  /** `tasks/update` answers for a task running elsewhere. */
  | { type: 'answer-task'; responses: Record<string, unknown> };

/**
 * Carries events between instances about what one of them holds live (a session's SDK server, a running task),
 * by topic (`session:<id>`, `task:<id>`). In one process there is nobody to tell; a shared relay (Redis pub/sub)
 * lets a client's answer reach the instance whose tool call is waiting for it.
 */
export interface McpRelay {
  publish(topic: string, event: RelayEvent): Promise<void>;
  /**
   * Listens to other instances' events on a topic. Resolves, with the unsubscribe function, once every event
   * published from then on is delivered: a holder that listens before it reads shared state misses no change.
   */
  subscribe(topic: string, listener: (event: RelayEvent) => void): Promise<() => void>;
}

export const MCP_RELAY = Symbol('MCP_RELAY');

