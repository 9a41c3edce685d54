import { Inject, Injectable } from '@nestjs/common';
import type { McpSessionState } from '../interfaces/mcp-context.interface.js';
import { MCP_NOTIFICATION_BUS, type McpNotificationBus } from '../interfaces/notification-bus.interface.js';
import { MCP_SESSION_STORE, type SessionStore } from '../interfaces/session-store.interface.js';
import { SessionStateHandle } from '../session/session-state-handle.js';
import type { SessionVisibility } from '../session/session-visibility.js';
import { McpCallContext, type McpCallSources } from './mcp-call-context.js';

/** Builds the `McpContext` of each call, with its session state and the notification bus. */
@Injectable()
export class CallContextFactory {
  constructor(
    @Inject(MCP_SESSION_STORE) private readonly sessions: SessionStore,
    @Inject(MCP_NOTIFICATION_BUS) private readonly bus: McpNotificationBus,
  ) {}

  /**
   * `session`: the connection's own, when the server has one (stdio, in memory); else the store's, by session id, with
   * the session's `visibility` (2025 sessions over HTTP).
   */
  create(sources: Omit<McpCallSources, 'session' | 'bus'> & { session?: McpSessionState; visibility?: SessionVisibility }): McpCallContext {
    // No rest destructuring here: on this per-call path V8 makes it measurably slower than a spread.
    const session = sources.session ?? new SessionStateHandle(this.sessions, sources.sdk.sessionId, sources.visibility);
    return new McpCallContext({ ...sources, session, bus: this.bus });
  }
}
