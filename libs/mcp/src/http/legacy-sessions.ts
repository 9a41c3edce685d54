import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Server } from '@modelcontextprotocol/server';
import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { MCP_RESOLVED_OPTIONS, type McpResolvedOptions } from '../mcp-options.js';
import { McpServerFactory } from '../server/mcp-server.factory.js';
import { scopeEventStore } from '../session/session-scoped-event-store.js';
import { SessionTransport } from './session-transport.js';
import { MCP_SESSION_STORE, type SessionStore } from '../session/session-store.interface.js';

interface LiveSession {
  transport: SessionTransport;
  server: Server;
}

/**
 * 2025-era streamable HTTP sessions: one SDK server + transport per `Mcp-Session-Id`, with an idle TTL,
 * a cap on their number and cleanup on DELETE, close and shutdown.
 */
@Injectable()
export class LegacySessions implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('McpSessions');
  private readonly live = new Map<string, LiveSession>();
  private reaper?: NodeJS.Timeout;

  constructor(
    @Inject(MCP_RESOLVED_OPTIONS) private readonly options: McpResolvedOptions,
    @Inject(MCP_SESSION_STORE) private readonly store: SessionStore,
    private readonly servers: McpServerFactory,
  ) {}

  onModuleInit(): void {
    const every = Math.max(1_000, Math.min(this.options.session.idleTtlMs / 2, 60_000));
    this.reaper = setInterval(() => void this.reapIdle(), every);
    this.reaper.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.reaper);
    await Promise.all([...this.live.keys()].map((id) => this.close(id)));
  }

  get size(): number {
    return this.live.size;
  }

  get(id: string): LiveSession | undefined {
    const session = this.live.get(id);
    if (session) this.store.touch(id).catch(() => undefined);
    return session;
  }

  isFull(): boolean {
    return this.live.size >= this.options.session.maxSessions;
  }

  /** Serves an `initialize` request on a new session; the session exists once the SDK accepted the handshake. */
  async initialize(req: IncomingMessage, res: ServerResponse, body: unknown): Promise<void> {
    const server = this.servers.create({ transport: 'http', era: 'legacy', pushChanges: true });
    const sessionId = randomUUID();
    const { eventStore } = this.options;
    const transport: SessionTransport = new SessionTransport({
      sessionIdGenerator: () => sessionId,
      enableJsonResponse: this.options.responseMode === 'json',
      keepAliveMs: this.options.keepAliveMs,
      maxRequestBodySize: this.options.maxBodyBytes,
      ...(eventStore ? { eventStore: scopeEventStore(eventStore, sessionId) } : {}),
      ...(this.options.retryIntervalMs !== undefined ? { retryInterval: this.options.retryIntervalMs } : {}),
      onsessioninitialized: (id): Promise<void> => this.opened(id, { transport, server }),
      onsessionclosed: (id) => this.close(id),
    });
    server.oninitialized = () => {
      if (transport.sessionId) this.recordClient(transport.sessionId, server);
    };
    await server.connect(transport);
    await transport.handleRequest(req, res, body);
    if (!transport.sessionId) await closeQuietly({ transport, server });
  }

  /** Ends a session everywhere it is known. */
  async close(id: string): Promise<void> {
    const session = this.live.get(id);
    this.live.delete(id);
    await this.store.delete(id).catch((error: Error) => this.logger.warn(`Could not delete session ${id}: ${error.message}`));
    if (session) await closeQuietly(session);
  }

  private async opened(id: string, session: LiveSession): Promise<void> {
    this.live.set(id, session);
    const now = Date.now();
    await this.store.create({ id, createdAt: now, lastSeenAt: now });
  }

  private recordClient(id: string, server: Server): void {
    this.store
      .update(id, {
        protocolVersion: server.getNegotiatedProtocolVersion(),
        clientInfo: server.getClientVersion(),
        clientCapabilities: server.getClientCapabilities(),
      })
      .catch(() => undefined);
  }

  private async reapIdle(): Promise<void> {
    try {
      const idle = await this.store.idleSince(Date.now() - this.options.session.idleTtlMs);
      for (const id of idle) {
        this.logger.debug(`Closing idle session ${id}`);
        await this.close(id);
      }
    } catch (error) {
      this.logger.warn(`Idle-session sweep failed: ${(error as Error).message}`);
    }
  }
}

async function closeQuietly(session: LiveSession): Promise<void> {
  await session.transport.close().catch(() => undefined);
  await session.server.close().catch(() => undefined);
}
