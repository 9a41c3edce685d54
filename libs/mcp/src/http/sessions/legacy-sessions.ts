import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import {
  LATEST_PROTOCOL_VERSION,
  type EventStore,
  type JSONRPCMessage,
  type RequestId,
} from '@modelcontextprotocol/server';
import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { McpInstance } from '../../cluster/mcp-instance.js';
import { trackStreamOwnership } from '../../cluster/stream-ownership-tracker.js';
import { MCP_RELAY, type McpRelay, type RelayEvent } from '../../interfaces/relay.interface.js';
import { MCP_SESSION_STORE, type SessionRecord, type SessionStore } from '../../interfaces/session-store.interface.js';
import { MCP_OPTIONS, type McpResolvedOptions } from '../../options/mcp-options.js';
import { LEGACY_PROTOCOL_VERSIONS } from '../../protocol/eras.js';
import { isAnswerOrCancellation, isInitializeMessage } from '../../protocol/message-kinds.js';
import { SdkServerFactory } from '../../server/sdk-server.factory.js';
import { McpSessionTelemetry, type SessionMeter } from '../../telemetry/session-telemetry.js';
import { ResourceSubscriptions } from '../../session/resource-subscriptions.js';
import { forgetSessionEvents, scopeEventStore } from '../../session/session-scoped-event-store.js';
import { SessionLogLevel } from '../../session/session-log-level.js';
import { SessionVisibility } from '../../session/session-visibility.js';
import { messagesOf } from '../json-rpc-reply.js';
import { McpLifecycle } from '../mcp-lifecycle.js';
import { NodeTransports, type McpNodeRequest } from '../node-transport/node-transports.js';
import { reportSdkError } from '../sdk-error-log.js';
import { closeQuietly, type LiveSession } from './live-session.js';
import { mayUseSession, type SessionOwner } from './session-owner.js';

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
  /** The metrics of sessions released while idle (`dormantAfterMs`): they are still open. */
  private readonly dormant = new Map<string, SessionMeter | undefined>();
  private reaper?: NodeJS.Timeout;

  constructor(
    @Inject(MCP_OPTIONS) private readonly options: McpResolvedOptions,
    @Inject(MCP_SESSION_STORE) private readonly store: SessionStore,
    @Inject(MCP_RELAY) private readonly relay: McpRelay,
    private readonly servers: SdkServerFactory,
    private readonly transports: NodeTransports,
    private readonly lifecycle: McpLifecycle,
    private readonly instance: McpInstance,
    private readonly telemetry: McpSessionTelemetry,
  ) {}

  /** 2025-era sessions held live by this process (not counting those of other instances). */
  get heldHere(): number {
    return this.live.size;
  }

  onModuleInit(): void {
    const { idleTtlMs, dormantAfterMs } = this.options.session;
    const every = Math.max(1_000, Math.min(idleTtlMs / 2, dormantAfterMs > 0 ? dormantAfterMs / 2 : Infinity, 60_000));
    clearInterval(this.reaper); // a second init of the same container (test kit, then app) keeps one reaper
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
    // Sessions kept in memory end with the process; in a shared store they live on.
    const ended = this.options.state.layer === undefined;
    await Promise.all([...this.live.keys()].map((id) => this.dropLocal(id, ended)));
    for (const meter of this.dormant.values()) meter?.closed(ended);
    this.dormant.clear();
  }

  /**
   * The live session for this id: held here, or resumed from the store; undefined when there is no such session, or
   * when it is bound to a principal other than `requester` (answered exactly as an unknown session).
   */
  async get(id: string, requester: string | undefined): Promise<LiveSession | undefined> {
    const local = this.live.get(id);
    if (local) {
      if (!this.mayUse(id, local.principal, requester)) return undefined;
      // Awaited: it keeps the idle TTL exact, an unreachable store turns into a clean 503 before the SDK runs, and a
      // session ended elsewhere is dropped here even before that instance's notice arrives.
      if (await this.store.touch(id)) {
        local.lastUsedAt = Date.now();
        return local;
      }
      await this.dropLocal(id);
      return undefined;
    }
    let resuming = this.resuming.get(id);
    if (!resuming) {
      const record = await this.store.get(id);
      // Checked before anything is built: another principal's request must not cost this instance a session.
      if (!record || !this.mayUse(id, record.principal, requester)) return undefined;
      resuming = this.resuming.get(id) ?? (this.live.has(id) ? Promise.resolve(this.live.get(id)) : this.startResume(id, record));
    }
    const session = await resuming;
    return session && this.mayUse(id, session.principal, requester) ? session : undefined;
  }

  async isFull(): Promise<boolean> {
    return (await this.store.count()) >= this.options.session.maxSessions;
  }

  /** Whether the principal (or anonymous address) opening a session already holds as many as it may. */
  async overQuota({ quotaKey, quotaLimit }: SessionOwner): Promise<boolean> {
    return quotaKey !== undefined && (await this.store.countByQuota(quotaKey)) >= quotaLimit;
  }

  /** Serves an `initialize` request on a new session; the session exists once the SDK accepted the handshake. */
  async initialize(req: McpNodeRequest, res: ServerResponse, body: unknown, owner: SessionOwner): Promise<void> {
    const session = this.open(randomUUID(), owner.principal, { ...clientOf(body), ...quotaOf(owner) });
    await session.server.connect(session.http.transport);
    await session.http.handle(req, res, body);
    if (!session.http.sessionId) await closeQuietly(session);
  }

  /**
   * Hands the client messages of a POST that belong to a call running on another instance (answers to its requests,
   * cancellations) to the other instances, and resolves once the relay has them: a relay that cannot take them fails
   * the POST (`StoreUnavailableError`: held, then 503) instead of its answer being lost.
   */
  async relayClientMessages(id: string, session: LiveSession, body: unknown): Promise<void> {
    const elsewhere = messagesOf(body).filter(isAnswerOrCancellation).filter((message) => session.http.routeOf(message) === 'elsewhere');
    await Promise.all(elsewhere.map((message) => this.relay.publish(sessionTopic(id), { type: 'message', message })));
  }

  /** Ends a session everywhere: the store forgets it and every instance drops its copy. */
  async end(id: string): Promise<void> {
    await this.store.delete(id).catch((error: Error) => this.logger.warn(`Could not delete session ${id}: ${error.message}`));
    void this.tell(id, { type: 'closed' });
    await this.dropLocal(id);
    this.dormant.get(id)?.closed(true);
    this.dormant.delete(id);
    await forgetSessionEvents(this.options.state.events, id).catch((error: Error) => this.logger.warn(`Could not forget the events of session ${id}: ${error.message}`));
  }

  /** Builds a session's server and transport; `client` is set for a new session, undefined for one being resumed. */
  private open(id: string, principal: string | undefined, client?: NewSessionRecord): LiveSession {
    const subscriptions = new ResourceSubscriptions({ store: this.store, sessionId: id });
    subscriptions.onChange = (uris) => this.tell(id, { type: 'subscriptions', uris });
    const logLevel = new SessionLogLevel({ store: this.store, sessionId: id });
    logLevel.onChange = (level) => this.tell(id, { type: 'log-level', level });
    const visibility = new SessionVisibility({ store: this.store, sessionId: id });
    visibility.publish = (rules) => this.tell(id, { type: 'visibility', rules: [...rules] });
    const events = this.sessionEvents(id);
    const server = this.servers.create({ transport: 'http', era: 'legacy', lifetime: 'connection', subscriptions, logLevel, visibility, claimStream: events?.claimStream });
    const http = this.transports.session({
      sessionId: id,
      eventStore: events?.store,
      // A resumed session's replayed handshake must not overwrite the record it was resumed from.
      onInitialized: (sessionId) => (client ? this.opened(sessionId, session, client) : Promise.resolve()),
      onClosed: (sessionId) => this.end(sessionId),
      // Shared state: the session may have copies on other instances, asking the client too.
      ...(this.options.state.layer ? { requestIdPrefix: this.instance.id.slice(0, 8) } : {}),
    });
    // Expected noise in a cluster (answers relayed to every holder of the session reach some that did not ask).
    server.onerror = (error) => this.logger.debug(`Session ${id}: ${error.message}`);
    http.transport.onerror = (error) => {
      reportSdkError(error);
      this.logger.debug(`Session ${id} transport: ${error.message}`);
    };
    const session: LiveSession = { http, server, subscriptions, logLevel, visibility, principal, stopRelay: () => undefined, lastUsedAt: Date.now() };
    return session;
  }

  /**
   * The session's view of the event store, when streams are resumable. With shared stream ownership (several
   * instances), a resumed stream can also answer calls orphaned by a crash, and a call can claim its stream early.
   */
  private sessionEvents(id: string): { store: EventStore; claimStream?: (requestId: RequestId) => Promise<void> } | undefined {
    const { events, streams } = this.options.state;
    if (!events) return undefined;
    if (!streams) return { store: scopeEventStore(events, id) };
    const instance = this.instance;
    const tracked = trackStreamOwnership(events, { ownership: streams, instanceId: instance.id, alive: (other) => instance.alive(other) });
    return { store: scopeEventStore(tracked, id), claimStream: (requestId) => tracked.claimFor(requestId) };
  }

  /** Tells the other instances holding this session (best effort: a lost notice only delays them). */
  private tell(id: string, event: RelayEvent): Promise<void> {
    return this.relay.publish(sessionTopic(id), event).catch((error: Error) => this.logger.warn(`Relay failed: ${error.message}`));
  }

  /**
   * Runs before the SDK answers `initialize`, so the record (with what another instance needs to resume the session)
   * exists before the client can send anything else.
   */
  private async opened(id: string, session: LiveSession, client: NewSessionRecord): Promise<void> {
    this.live.set(id, session);
    session.meter = this.telemetry.opened({ transport: 'http', protocolVersion: client.protocolVersion });
    const now = Date.now();
    const principal = session.principal !== undefined ? { principal: session.principal } : {};
    await Promise.all([this.listen(id, session), this.store.create({ id, createdAt: now, lastSeenAt: now, ...client, ...principal })]);
  }

  /** Refusing a session to another principal is logged (by the id's first characters; never the id or a token). */
  private mayUse(id: string, owner: string | undefined, requester: string | undefined): boolean {
    if (mayUseSession(owner, requester)) return true;
    this.logger.warn(`Refused session ${id.slice(0, 8)}… to ${requester ?? 'an anonymous client'}: it was opened by another principal`);
    return false;
  }

  private startResume(id: string, record: SessionRecord): Promise<LiveSession | undefined> {
    const resuming = this.resume(id, record).finally(() => this.resuming.delete(id));
    this.resuming.set(id, resuming);
    return resuming;
  }

  private async resume(id: string, record: SessionRecord): Promise<LiveSession> {
    const session = this.open(id, record.principal);
    // Listening before the session's state is read: a change made elsewhere meanwhile is in what is read, or relayed.
    await this.listen(id, session);
    try {
      await session.server.connect(session.http.transport);
      await session.http.resume(record);
      await Promise.all([session.subscriptions.load(), session.logLevel.load(), session.visibility.load()]);
    } catch (error) {
      session.stopRelay();
      throw error;
    }
    this.live.set(id, session);
    // A session this process released while idle was open all along: its metrics go on.
    session.meter = this.dormant.has(id) ? this.dormant.get(id) : this.telemetry.opened({ transport: 'http', protocolVersion: record.protocolVersion, resumed: true });
    this.dormant.delete(id);
    await this.store.touch(id);
    this.logger.debug(`Resumed session ${id} opened elsewhere`);
    return session;
  }

  /** Listens to the other instances' notices about this session (resolves once they are heard). */
  private async listen(id: string, session: LiveSession): Promise<void> {
    session.stopRelay = await this.relay.subscribe(sessionTopic(id), (event) => this.onRelayed(id, session, event));
  }

  private onRelayed(id: string, session: LiveSession, event: RelayEvent): void {
    if (event.type === 'closed') void this.dropLocal(id);
    if (event.type === 'message') session.http.receive(event.message as JSONRPCMessage);
    if (event.type === 'subscriptions') session.subscriptions.replace(event.uris);
    if (event.type === 'log-level') session.logLevel.replace(event.level);
    if (event.type === 'visibility') session.visibility.replace(event.rules);
  }

  /**
   * `ended`: the session itself ended (else only this process lets go of it, at shutdown). `dormant`: let go of while
   * idle, to be rebuilt by its next request; its metrics go on.
   */
  private async dropLocal(id: string, ended = true, dormant = false): Promise<void> {
    const session = this.live.get(id);
    this.live.delete(id);
    if (!session) return;
    if (dormant) this.dormant.set(id, session.meter);
    else session.meter?.closed(ended);
    session.stopRelay();
    await closeQuietly(session);
  }

  /** Releases the sessions idle for `dormantAfterMs` that nothing keeps live (a stream, a call, subscriptions). */
  private async releaseDormant(): Promise<void> {
    const { dormantAfterMs } = this.options.session;
    if (dormantAfterMs <= 0) return;
    const before = Date.now() - dormantAfterMs;
    for (const [id, session] of this.live) {
      if (session.lastUsedAt <= before && !session.http.busy && !session.subscriptions.count) await this.dropLocal(id, false, true);
    }
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
      await this.releaseDormant();
    } catch (error) {
      this.logger.warn(`Idle-session sweep failed: ${(error as Error).message}`);
    }
  }
}

type ClientRecord = Pick<SessionRecord, 'protocolVersion' | 'clientInfo' | 'clientCapabilities'>;
type NewSessionRecord = ClientRecord & Pick<SessionRecord, 'quotaKey'>;

function quotaOf({ quotaKey }: SessionOwner): Pick<SessionRecord, 'quotaKey'> {
  return quotaKey !== undefined ? { quotaKey } : {};
}

/** What the session record keeps of an `initialize` request: the negotiated version and the client's identity. */
function clientOf(body: unknown): ClientRecord | undefined {
  const message = messagesOf(body).find(isInitializeMessage);
  if (!message) return undefined;
  const { protocolVersion, capabilities, clientInfo } = message.params;
  return {
    protocolVersion: LEGACY_PROTOCOL_VERSIONS.has(protocolVersion) ? protocolVersion : LATEST_PROTOCOL_VERSION,
    clientCapabilities: capabilities,
    clientInfo,
  };
}

function sessionTopic(id: string): string {
  return `session:${id}`;
}
