import type { Server } from '@modelcontextprotocol/server';
import type { ResourceSubscriptions } from '../../session/resource-subscriptions.js';
import type { SessionLogLevel } from '../../session/session-log-level.js';
import type { SessionVisibility } from '../../session/session-visibility.js';
import type { SessionMeter } from '../../telemetry/session-telemetry.js';
import type { NodeSessionTransport } from '../node-transport/node-transports.js';

/** A 2025-era session held live in this process: its SDK server, its transport and its per-session state. */
export interface LiveSession {
  readonly http: NodeSessionTransport;
  readonly server: Server;
  readonly subscriptions: ResourceSubscriptions;
  readonly logLevel: SessionLogLevel;
  readonly visibility: SessionVisibility;
  /** The principal the session is bound to (undefined: anonymous), checked here without a store read. */
  readonly principal: string | undefined;
  /** Stops listening to the other instances' notices about this session. */
  stopRelay: () => void;
  /** Its metrics (active sessions, duration), once the session is open here. */
  meter?: SessionMeter;
  /** When a request last used it here (`Date.now()`). */
  lastUsedAt: number;
}

export async function closeQuietly(session: Pick<LiveSession, 'http' | 'server'>): Promise<void> {
  await session.http.close().catch(() => undefined);
  await session.server.close().catch(() => undefined);
}
