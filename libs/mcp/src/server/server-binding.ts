import type { RequestId, Server } from '@modelcontextprotocol/server';
import type { McpSessionState, McpTransportKind } from '../interfaces/mcp-context.interface.js';
import type { SessionLogLevel } from '../session/session-log-level.js';
import type { SessionVisibility } from '../session/session-visibility.js';
import type { ServerEra } from './eras/server-era.js';

/** One SDK server instance and where it runs: what its handlers need to build each call's `McpContext`. */
export interface McpServerBinding {
  readonly server: Server;
  readonly transport: McpTransportKind;
  /** The era the instance serves, decided when it was built. */
  readonly era: ServerEra;
  /** Set for shared 2025 sessions: log notifications are filtered by the session's level, wherever it was set. */
  readonly logLevel?: SessionLogLevel;
  /** Set for 2025 sessions with resumable streams: records a call's stream before it closes early. */
  readonly claimStream?: (requestId: RequestId) => Promise<void>;
  /** Set for servers that are their own connection (stdio, in memory): `ctx.session` of every call on it. */
  readonly session?: McpSessionState;
  /** Set for servers that are a session's (2025 sessions, stdio, in memory): what `ctx.session.enable()` changed. */
  readonly visibility?: SessionVisibility;
}
