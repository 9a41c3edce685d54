import type { ServerResponse } from 'node:http';
import { requestedVersion } from '../protocol/component-versions.js';
import { classifyInboundRequest, PROTOCOL_VERSION_META_KEY, type JSONRPCRequest } from '@modelcontextprotocol/server';
import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { McpAuthGate } from '../auth/mcp-auth-gate.js';
import { streamCalls } from '../cluster/stream-calls.js';
import { MCP_NOTIFICATION_BUS, type McpNotificationBus } from '../interfaces/notification-bus.interface.js';
import { MCP_OPTIONS, type McpResolvedOptions } from '../options/mcp-options.js';
import { LEGACY_PROTOCOL_VERSIONS, type McpEra } from '../protocol/eras.js';
import { CallFailures, HttpRefusals } from '../protocol/error-catalogue.js';
import { headerValue, McpHeader } from '../protocol/http-headers.js';
import { isInitializeMessage } from '../protocol/message-kinds.js';
import { mirroredHeaderMismatch } from '../protocol/mirrored-params.js';
import { McpRegistry } from '../registry/mcp-registry.js';
import { SdkServerFactory } from '../server/sdk-server.factory.js';
import { principalOf } from '../session/principal.js';
import { HostOriginPolicy } from './host-origin-policy.js';
import { refusedInboundBody } from './inbound-body-screen.js';
import { ListenStreams } from './listen-streams.js';
import { messagesOf, requestIdOf, requestsOf, writeRefusal } from './json-rpc-reply.js';
import { McpLifecycle } from './mcp-lifecycle.js';
import { NodeTransports, type McpNodeRequest, type NodeModernEndpoint } from './node-transport/node-transports.js';
import { holdingAnswers } from './sessions/answer-hold.js';
import { LegacySessions } from './sessions/legacy-sessions.js';
import { sessionOwnerOf } from './sessions/session-owner.js';
import { cancelOnDisconnect, failCalls } from './unfinished-calls.js';

/** The raw exchange handed over by the controller once Fastify let go of it. */
export interface McpExchange {
  req: McpNodeRequest;
  res: ServerResponse;
  body: unknown;
}

/**
 * Streamable HTTP for both eras on one endpoint: 2026-07-28 requests (per-request `_meta` envelope) go to the
 * modern endpoint; 2025-era traffic is served on sessions (or statelessly when configured).
 */
@Injectable()
export class McpHttpService implements OnModuleDestroy {
  private readonly policy: HostOriginPolicy;
  private readonly modern: NodeModernEndpoint;

  constructor(
    @Inject(MCP_OPTIONS) private readonly options: McpResolvedOptions,
    private readonly servers: SdkServerFactory,
    private readonly transports: NodeTransports,
    private readonly sessions: LegacySessions,
    private readonly registry: McpRegistry,
    private readonly lifecycle: McpLifecycle,
    private readonly listenStreams: ListenStreams,
    private readonly gate: McpAuthGate,
    @Inject(MCP_NOTIFICATION_BUS) bus: McpNotificationBus,
  ) {
    this.policy = new HostOriginPolicy(options.security);
    this.modern = transports.modern({ serverFor: (era) => servers.create({ transport: 'http', era, lifetime: 'request' }), bus });
  }

  async onModuleDestroy(): Promise<void> {
    await this.lifecycle.drain();
    await this.modern.close();
  }

  /** Checks shared by every method (Host/Origin, shutdown); true when the request was refused. */
  refused({ req, res }: McpExchange): boolean {
    const reason = this.policy.reject(req);
    if (reason) {
      writeRefusal(res, HttpRefusals.forbidden(reason));
      return true;
    }
    if (this.lifecycle.draining) {
      writeRefusal(res, HttpRefusals.shuttingDown);
      return true;
    }
    return false;
  }

  async post(exchange: McpExchange): Promise<void> {
    const { req, res, body } = exchange;
    this.lifecycle.track(res);
    const plainLegacy = isPlainLegacyRequest(req, body);
    if (this.gate.enabled && (await this.unauthorized(exchange, plainLegacy ? 'legacy' : claimedEra(req, body)))) return;
    if (refusedInboundBody(res, body, this.options.limits.maxDepth)) return;
    if (plainLegacy) return this.serveLegacy(exchange);
    const route = classifyInboundRequest({
      httpMethod: 'POST',
      protocolVersionHeader: headerValue(req.headers, McpHeader.protocolVersion),
      mcpMethodHeader: headerValue(req.headers, McpHeader.method),
      mcpNameHeader: headerValue(req.headers, McpHeader.name),
      body,
    });
    if (route.kind === 'legacy') return this.serveLegacy(exchange);
    const mismatch = route.kind === 'modern' && route.messageKind === 'request' ? this.headerMismatch(req, route.message) : undefined;
    if (mismatch) return writeRefusal(res, HttpRefusals.headerMismatch(mismatch), requestIdOf(body));
    if (this.listenStreams.refused(route, req, res)) return;
    return this.modern.handle(req, res, body, route.kind === 'modern' ? route : undefined);
  }

  /** GET opens the 2025-era standalone SSE stream; DELETE ends the session. */
  async sessionOperation(exchange: McpExchange): Promise<void> {
    const { req, res } = exchange;
    if (this.gate.enabled && (await this.unauthorized(exchange, 'legacy'))) return;
    if (this.options.stateless) return writeRefusal(res, HttpRefusals.noSessions);
    const sessionId = headerValue(req.headers, McpHeader.sessionId);
    if (sessionId === undefined) return writeRefusal(res, HttpRefusals.sessionIdRequired);
    return this.serveSession(sessionId, exchange);
  }

  /**
   * With `auth`: refuses a request whose bearer token is missing, invalid or short of what it calls (before any
   * stream starts), else records whom it acts for in `req.auth`. True when refused.
   */
  private async unauthorized(exchange: McpExchange, era: McpEra): Promise<boolean> {
    const { req, res, body } = exchange;
    const decision = await this.gate.admit({ authorization: req.headers.authorization, body, era });
    if (!decision.admitted) {
      writeRefusal(res, decision.refusal, requestIdOf(body));
      return true;
    }
    if (decision.auth) req.auth = decision.auth;
    return false;
  }

  private async serveLegacy(exchange: McpExchange): Promise<void> {
    const { req, res, body } = exchange;
    if (this.options.stateless) return this.serveStateless(exchange);
    const sessionId = headerValue(req.headers, McpHeader.sessionId);
    if (sessionId !== undefined) return this.serveSession(sessionId, exchange);
    if (!containsInitialize(body)) return writeRefusal(res, HttpRefusals.sessionIdRequired, requestIdOf(body));
    if (await this.sessions.isFull()) return writeRefusal(res, HttpRefusals.tooManySessions, requestIdOf(body));
    const owner = sessionOwnerOf(req, this.options.session);
    if (await this.sessions.overQuota(owner)) return writeRefusal(res, HttpRefusals.tooManyClientSessions, requestIdOf(body));
    return this.sessions.initialize(req, res, body, owner);
  }

  /** SEP-2243: arguments of a 2026-07-28 `tools/call` that the tool mirrors in `Mcp-Param-*` headers must match them. */
  private headerMismatch(req: McpNodeRequest, message: JSONRPCRequest): string | undefined {
    if (message.method !== 'tools/call') return undefined;
    const params = message.params as { name?: unknown; arguments?: Record<string, unknown> } | undefined;
    const tool = typeof params?.name === 'string' ? this.registry.getTool(params.name, requestedVersion(params)) : undefined;
    if (!tool?.mirroredParams.length) return undefined;
    return mirroredHeaderMismatch(req.headers, tool.mirroredParams, params?.arguments ?? {});
  }

  private serveSession(sessionId: string, exchange: McpExchange): Promise<void> {
    return exchange.req.method === 'POST' ? holdingAnswers(exchange.body, () => this.serveSessionNow(sessionId, exchange)) : this.serveSessionNow(sessionId, exchange);
  }

  private async serveSessionNow(sessionId: string, { req, res, body }: McpExchange): Promise<void> {
    const session = await this.sessions.get(sessionId, principalOf(req.auth));
    if (!session) return writeRefusal(res, HttpRefusals.sessionNotFound, requestIdOf(body));
    const { transport } = session.http;
    if (req.method === 'POST') {
      this.lifecycle.track(res, () => failCalls(transport, body, CallFailures.shuttingDown));
      await this.sessions.relayClientMessages(sessionId, session, body);
    }
    const { events, streams } = this.options.state;
    if (!events) cancelOnDisconnect(transport, res, body);
    if (!streams) return session.http.handle(req, res, body);
    const requestIds = requestsOf(body).map((request) => request.id);
    await streamCalls.run({ requestIds }, () => session.http.handle(req, res, body));
  }

  private async serveStateless({ req, res, body }: McpExchange): Promise<void> {
    const server = this.servers.create({ transport: 'http', era: 'legacy', lifetime: 'request' });
    const http = this.transports.session({ sessionId: undefined });
    this.lifecycle.track(res, () => failCalls(http.transport, body, CallFailures.shuttingDown));
    res.once('close', () => {
      void http.close().catch(() => undefined);
      void server.close().catch(() => undefined);
    });
    await server.connect(http.transport);
    await http.handle(req, res, body);
  }
}

/**
 * The common case that needs no classification: a 2025 session's request (legacy version header) whose body makes
 * no 2026 envelope claim. Everything else goes through the SDK's classifier.
 */
function isPlainLegacyRequest(req: McpNodeRequest, body: unknown): boolean {
  const version = headerValue(req.headers, McpHeader.protocolVersion);
  if (version === undefined || !LEGACY_PROTOCOL_VERSIONS.has(version) || headerValue(req.headers, McpHeader.method) !== undefined) return false;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return false;
  const meta = metaOf(body);
  return meta === undefined || (typeof meta === 'object' && meta !== null && !claimsVersion(meta));
}

/** The era a request that is not a plain 2025 one claims (for the scopes of an auth challenge): modern when it says so. */
function claimedEra(req: McpNodeRequest, body: unknown): McpEra {
  const version = headerValue(req.headers, McpHeader.protocolVersion);
  if (version !== undefined && !LEGACY_PROTOCOL_VERSIONS.has(version)) return 'modern';
  const meta = metaOf(body);
  return typeof meta === 'object' && meta !== null && claimsVersion(meta) ? 'modern' : 'legacy';
}

/** `params._meta` of a single-message body, whatever its type; undefined when there is none. */
function metaOf(body: unknown): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const params = (body as { params?: unknown }).params;
  return typeof params === 'object' && params !== null ? (params as { _meta?: unknown })._meta : undefined;
}

/** Whether a `_meta` object carries the 2026-07-28 envelope's protocol version. */
function claimsVersion(meta: object): boolean {
  return PROTOCOL_VERSION_META_KEY in meta;
}

function containsInitialize(body: unknown): boolean {
  return messagesOf(body).some(isInitializeMessage);
}
