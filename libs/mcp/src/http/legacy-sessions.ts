import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  isInitializeRequest,
  isJSONRPCNotification,
  isJSONRPCResponse,
  LATEST_PROTOCOL_VERSION,
  SUPPORTED_PROTOCOL_VERSIONS,
  type JSONRPCMessage,
  type RequestId,
  type Server,
} from '@modelcontextprotocol/server';
import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { MCP_RESOLVED_OPTIONS, type McpResolvedOptions } from '../mcp-options.js';
import { McpServerFactory } from '../server/mcp-server.factory.js';
import { ResourceSubscriptions } from '../session/resource-subscriptions.js';
import { SessionLogLevel } from '../session/session-log-level.js';
import { McpInstance } from '../session/mcp-instance.js';
import { scopeEventStore, type StreamGuard } from '../session/session-scoped-event-store.js';
import { MCP_RELAY, type McpRelay, type RelayEvent } from '../session/session-relay.js';
import { MCP_SESSION_STORE, type SessionRecord, type SessionStore } from '../session/session-store.interface.js';
import { messagesOf } from './json-rpc-reply.js';
import { McpLifecycle } from './mcp-lifecycle.js';
import { SessionTransport } from './session-transport.js';

export interface LiveSession {
  transport: SessionTransport;
  server: Server;
  subscriptions: ResourceSubscriptions;
  logLevel: SessionLogLevel;
  stopRelay: () => void;
}

/**
 * 2025-era streamable HTTP sessions: one SDK server + transport per `Mcp-Session-Id` held live in this process, with
 * metadata in the session store. A session opened on another instance is resumed here on first use; client messages
 * that belong to a call running elsewhere are relayed there. Idle TTL, a cap on sessions, cleanup on DELETE.
 */
@Injectable()
export class LegacySessions implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('McpSessions');
  private readonly live = new Map<string, LiveSession>();
  private readonly resuming = new Map<string, Promise<LiveSession | undefined>>();
  private reaper?: NodeJS.Timeout;

  constructor(
    @Inject(MCP_RESOLVED_OPTIONS) private readonly options: McpResolvedOptions,
    @Inject(MCP_SESSION_STORE) private readonly store: SessionStore,
    @Inject(MCP_RELAY) private readonly relay: McpRelay,
    private readonly servers: McpServerFactory,
    private readonly lifecycle: McpLifecycle,
    private readonly instance: McpInstance,
  ) {}

  onModuleInit(): void {
    const every = Math.max(1_000, Math.min(this.options.session.idleTtlMs / 2, 60_000));
    this.reaper = setInterval(() => void this.reapIdle(), every);
    this.reaper.unref();
  }

  /**
   * Shutdown lets the calls in flight finish, then ends this process's streams (clients resume elsewhere) but leaves
   * the sessions themselves in the store.
   */
  async onModuleDestroy(): Promise<void> {
    clearInterval(this.reaper);
    await this.lifecycle.drain();
    await Promise.all([...this.live.keys()].map((id) => this.dropLocal(id)));
  }

  /** The live session for this id: held here, or resumed from the store; undefined when there is no such session. */
  async get(id: string): Promise<LiveSession | undefined> {
    const local = this.live.get(id);
    if (local) {
      // Awaited: it keeps the idle TTL exact, an unreachable store turns into a clean 503 before the SDK runs, and a
      // session ended elsewhere is dropped here even before that instance's notice arrives.
      if (await this.store.touch(id)) return local;
      await this.dropLocal(id);
      return undefined;
    }
    let resuming = this.resuming.get(id);
    if (!resuming) {
      resuming = this.resume(id).finally(() => this.resuming.delete(id));
      this.resuming.set(id, resuming);
    }
    return resuming;
  }

  async isFull(): Promise<boolean> {
    return (await this.store.count()) >= this.options.session.maxSessions;
  }

  /** Serves an `initialize` request on a new session; the session exists once the SDK accepted the handshake. */
  async initialize(req: IncomingMessage, res: ServerResponse, body: unknown): Promise<void> {
    const id = randomUUID();
    const session = this.open(id, clientOf(body));
    await session.server.connect(session.transport);
    await session.transport.handleRequest(req, res, body);
    if (!session.transport.sessionId) await closeQuietly(session);
  }

  /** Hands client messages that may belong to a call running on another instance to the other instances. */
  relayClientMessages(id: string, body: unknown): void {
    for (const message of messagesOf(body)) {
      if (isJSONRPCResponse(message) || (isJSONRPCNotification(message) && message.method === 'notifications/cancelled')) {
        this.tell(id, { type: 'message', message });
      }
    }
  }

  /** Ends a session everywhere: the store forgets it and every instance drops its copy. */
  async end(id: string): Promise<void> {
    await this.store.delete(id).catch((error: Error) => this.logger.warn(`Could not delete session ${id}: ${error.message}`));
    this.tell(id, { type: 'closed' });
    await this.dropLocal(id);
  }

  private open(id: string, client?: ClientRecord): LiveSession {
    const subscriptions = new ResourceSubscriptions({ store: this.store, sessionId: id });
    subscriptions.onChange = (uris) => this.tell(id, { type: 'subscriptions', uris });
    const events = this.options.eventStore ? scopeEventStore(this.options.eventStore, id, this.streamGuard()) : undefined;
    const logLevel = new SessionLogLevel({ store: this.store, sessionId: id });
    logLevel.onChange = (level) => this.tell(id, { type: 'log-level', level });
    const server = this.servers.create({
      transport: 'http',
      era: 'legacy',
      pushChanges: true,
      subscriptions,
      logLevel,
      ...(events ? { claimStream: (requestId: RequestId) => events.claimFor(requestId) } : {}),
    });
    const { retryIntervalMs } = this.options;
    const transport: SessionTransport = new SessionTransport({
      sessionIdGenerator: () => id,
      enableJsonResponse: this.options.responseMode === 'json',
      keepAliveMs: this.options.keepAliveMs,
      maxRequestBodySize: this.options.maxBodyBytes,
      ...(events ? { eventStore: events } : {}),
      ...(retryIntervalMs !== undefined ? { retryInterval: retryIntervalMs } : {}),
      // A resumed session's replayed handshake must not overwrite the record it was resumed from.
      onsessioninitialized: (sessionId): Promise<void> => (client ? this.opened(sessionId, session, client) : Promise.resolve()),
      onsessionclosed: (sessionId): Promise<void> => this.end(sessionId),
    });
    // Expected noise in a cluster (answers relayed to every holder of the session reach some that did not ask).
    server.onerror = (error) => this.logger.debug(`Session ${id}: ${error.message}`);
    transport.onerror = (error) => this.logger.debug(`Session ${id} transport: ${error.message}`);
    const session: LiveSession = { transport, server, subscriptions, logLevel, stopRelay: () => undefined };
    return session;
  }

  /** Tells the other instances holding this session (best effort: a lost notice only delays them). */
  private tell(id: string, event: RelayEvent): void {
    this.relay.publish(sessionTopic(id), event).catch((error: Error) => this.logger.warn(`Relay failed: ${error.message}`));
  }

  /** With shared stream ownership (several instances), resumed streams can answer calls orphaned by a crash. */
  private streamGuard(): StreamGuard | undefined {
    const ownership = this.options.store?.streams;
    if (!ownership) return undefined;
    return { ownership, instanceId: this.instance.id, alive: (instanceId) => this.instance.alive(instanceId) };
  }

  /**
   * Runs before the SDK answers `initialize`, so the record (with what another instance needs to resume the session)
   * exists before the client can send anything else.
   */
  private async opened(id: string, session: LiveSession, client: ClientRecord): Promise<void> {
    this.hold(id, session);
    const now = Date.now();
    await this.store.create({ id, createdAt: now, lastSeenAt: now, ...client });
  }

  private async resume(id: string): Promise<LiveSession | undefined> {
    const record = await this.store.get(id);
    if (!record) return undefined;
    const session = this.open(id);
    await session.server.connect(session.transport);
    await session.transport.resume(record);
    await Promise.all([session.subscriptions.load(), session.logLevel.load()]);
    this.hold(id, session);
    await this.store.touch(id);
    this.logger.debug(`Resumed session ${id} opened elsewhere`);
    return session;
  }

  private hold(id: string, session: LiveSession): void {
    session.stopRelay = this.relay.subscribe(sessionTopic(id), (event) => this.onRelayed(id, session, event));
    this.live.set(id, session);
  }

  private onRelayed(id: string, session: LiveSession, event: RelayEvent): void {
    if (event.type === 'closed') void this.dropLocal(id);
    if (event.type === 'message') session.transport.onmessage?.(event.message as JSONRPCMessage);
    if (event.type === 'subscriptions') session.subscriptions.replace(event.uris);
    if (event.type === 'log-level') session.logLevel.replace(event.level);
  }

  private async dropLocal(id: string): Promise<void> {
    const session = this.live.get(id);
    this.live.delete(id);
    if (!session) return;
    session.stopRelay();
    await closeQuietly(session);
  }

  private async reapIdle(): Promise<void> {
    try {
      const idle = await this.store.idleSince(Date.now() - this.options.session.idleTtlMs);
      for (const id of idle) {
        this.logger.debug(`Closing idle session ${id}`);
        await this.end(id);
      }
      for (const id of this.live.keys()) {
        if (!(await this.store.get(id))) await this.dropLocal(id);
      }
    } catch (error) {
      this.logger.warn(`Idle-session sweep failed: ${(error as Error).message}`);
    }
  }
}

type ClientRecord = Pick<SessionRecord, 'protocolVersion' | 'clientInfo' | 'clientCapabilities'>;

/** What the session record keeps of an `initialize` request: the negotiated version and the client's identity. */
function clientOf(body: unknown): ClientRecord | undefined {
  const message = messagesOf(body).find((candidate) => isInitializeRequest(candidate));
  if (!message) return undefined;
  const { protocolVersion, capabilities, clientInfo } = message.params;
  return {
    protocolVersion: SUPPORTED_PROTOCOL_VERSIONS.includes(protocolVersion) ? protocolVersion : LATEST_PROTOCOL_VERSION,
    clientCapabilities: capabilities,
    clientInfo,
  };
}

function sessionTopic(id: string): string {
  return `session:${id}`;
}

async function closeQuietly(session: Pick<LiveSession, 'transport' | 'server'>): Promise<void> {
  await session.transport.close().catch(() => undefined);
  await session.server.close().catch(() => undefined);
}
