import type { IncomingMessage, ServerResponse } from 'node:http';
import { toNodeHandler, type NodeMcpRequestHandler } from '@modelcontextprotocol/node';
import {
  classifyInboundRequest,
  createMcpHandler,
  isInitializeRequest,
  PROTOCOL_VERSION_META_KEY,
  SUPPORTED_PROTOCOL_VERSIONS,
  type AuthInfo,
  type JSONRPCRequest,
  type Transport,
  type McpHttpHandler,
} from '@modelcontextprotocol/server';
import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { MCP_RESOLVED_OPTIONS, type McpResolvedOptions } from '../mcp-options.js';
import { McpServerFactory } from '../server/mcp-server.factory.js';
import { MCP_NOTIFICATION_BUS, type McpNotificationBus } from '../session/notification-bus.js';
import { HostOriginPolicy } from './host-origin-policy.js';
import { messagesOf, requestIdOf, requestsOf, writeJsonRpcError } from './json-rpc-reply.js';
import { callContext } from './call-context.js';
import { LegacySessions } from './legacy-sessions.js';
import { McpLifecycle } from './mcp-lifecycle.js';
import { SessionTransport } from './session-transport.js';
import { mirroredHeaderMismatch } from './mirrored-param-headers.js';
import { McpRegistry } from '../registry/mcp-registry.js';

const SESSION_HEADER = 'mcp-session-id';
/** JSON-RPC code for headers that disagree with the body (2026-07-28). */
const HEADER_MISMATCH = -32020;

/** The raw exchange handed over by the controller once Fastify let go of it. */
export interface McpExchange {
  req: IncomingMessage & { auth?: AuthInfo };
  res: ServerResponse;
  body: unknown;
}

/**
 * Streamable HTTP for both eras on one endpoint: 2026-07-28 requests (per-request `_meta` envelope) go to the
 * SDK's modern handler; 2025-era traffic is served on sessions (or statelessly when configured).
 */
@Injectable()
export class McpHttpService implements OnModuleDestroy {
  private readonly policy: HostOriginPolicy;
  private readonly modern: McpHttpHandler;
  private readonly serveModern: NodeMcpRequestHandler;

  constructor(
    @Inject(MCP_RESOLVED_OPTIONS) private readonly options: McpResolvedOptions,
    private readonly servers: McpServerFactory,
    private readonly sessions: LegacySessions,
    private readonly registry: McpRegistry,
    private readonly lifecycle: McpLifecycle,
    @Inject(MCP_NOTIFICATION_BUS) bus: McpNotificationBus,
  ) {
    this.policy = new HostOriginPolicy(options.security);
    this.modern = createMcpHandler(({ era }) => servers.create({ transport: 'http', era, pushChanges: false }), {
      legacy: 'reject',
      bus,
      responseMode: options.responseMode === 'json' ? 'json' : 'auto',
      keepAliveMs: options.keepAliveMs,
      maxRequestBodySize: options.maxBodyBytes,
    });
    this.serveModern = toNodeHandler(this.modern, { maxRequestBodySize: options.maxBodyBytes });
  }

  async onModuleDestroy(): Promise<void> {
    await this.lifecycle.drain();
    await this.modern.close();
  }

  /** Checks shared by every method (Host/Origin, shutdown); true when the request was refused. */
  refused({ req, res }: McpExchange): boolean {
    const reason = this.policy.reject(req);
    if (reason) {
      writeJsonRpcError(res, 403, -32000, `Forbidden: ${reason}`);
      return true;
    }
    if (this.lifecycle.draining) {
      writeJsonRpcError(res, 503, -32000, 'Service unavailable: this server is shutting down, retry', {
        headers: { 'retry-after': '1', connection: 'close' },
      });
      return true;
    }
    return false;
  }

  async post(exchange: McpExchange): Promise<void> {
    const { req, res, body } = exchange;
    this.lifecycle.track(res);
    if (isPlainLegacyRequest(req, body)) return this.serveLegacy(exchange);
    const route = classifyInboundRequest({
      httpMethod: 'POST',
      protocolVersionHeader: header(req, 'mcp-protocol-version'),
      mcpMethodHeader: header(req, 'mcp-method'),
      mcpNameHeader: header(req, 'mcp-name'),
      body,
    });
    if (route.kind !== 'legacy') {
      const mismatch = route.kind === 'modern' && route.messageKind === 'request' ? this.headerMismatch(req, route.message) : undefined;
      if (mismatch) return writeJsonRpcError(res, 400, HEADER_MISMATCH, mismatch, { id: requestIdOf(body) });
      return this.serveModern(req, res, body);
    }
    return this.serveLegacy(exchange);
  }

  private async serveLegacy(exchange: McpExchange): Promise<void> {
    const { req, res, body } = exchange;
    if (this.options.stateless) return this.serveStateless(exchange);
    const sessionId = header(req, SESSION_HEADER);
    if (sessionId !== undefined) return this.serveSession(sessionId, exchange);
    if (!containsInitialize(body)) {
      return writeJsonRpcError(res, 400, -32000, 'Bad Request: Mcp-Session-Id header is required', { id: requestIdOf(body) });
    }
    if (await this.sessions.isFull()) {
      return writeJsonRpcError(res, 503, -32000, 'Service Unavailable: too many sessions, try again later', {
        id: requestIdOf(body),
        headers: { 'retry-after': '5' },
      });
    }
    return this.sessions.initialize(req, res, body);
  }

  /** GET opens the 2025-era standalone SSE stream; DELETE ends the session. */
  async sessionOperation(exchange: McpExchange): Promise<void> {
    const { req, res } = exchange;
    if (this.options.stateless) {
      return writeJsonRpcError(res, 405, -32000, 'Method Not Allowed: this server is stateless', { headers: { allow: 'POST' } });
    }
    const sessionId = header(req, SESSION_HEADER);
    if (sessionId === undefined) return writeJsonRpcError(res, 400, -32000, 'Bad Request: Mcp-Session-Id header is required');
    return this.serveSession(sessionId, exchange);
  }

  /** SEP-2243: arguments of a 2026-07-28 `tools/call` that the tool mirrors in `Mcp-Param-*` headers must match them. */
  private headerMismatch(req: IncomingMessage, message: JSONRPCRequest): string | undefined {
    if (message.method !== 'tools/call') return undefined;
    const params = message.params as { name?: unknown; arguments?: Record<string, unknown> } | undefined;
    const tool = typeof params?.name === 'string' ? this.registry.getTool(params.name) : undefined;
    if (!tool?.mirroredParams.length) return undefined;
    return mirroredHeaderMismatch(req, tool.mirroredParams, params?.arguments ?? {});
  }

  private async serveSession(sessionId: string, { req, res, body }: McpExchange): Promise<void> {
    const session = await this.sessions.get(sessionId);
    if (!session) return writeJsonRpcError(res, 404, -32001, 'Session not found', { id: requestIdOf(body) });
    if (req.method === 'POST') {
      this.lifecycle.track(res, () => failCalls(session.transport, body, 'The server is shutting down'));
      this.sessions.relayClientMessages(sessionId, body);
    }
    if (!this.options.eventStore) cancelOnDisconnect(session.transport, res, body);
    if (!this.options.store?.streams) return session.transport.handleRequest(req, res, body);
    const requestIds = requestsOf(body).map((request) => request.id);
    await callContext.run({ requestIds }, () => session.transport.handleRequest(req, res, body));
  }

  private async serveStateless({ req, res, body }: McpExchange): Promise<void> {
    const server = this.servers.create({ transport: 'http', era: 'legacy', pushChanges: false });
    const transport = new SessionTransport({
      sessionIdGenerator: undefined,
      enableJsonResponse: this.options.responseMode === 'json',
      keepAliveMs: this.options.keepAliveMs,
      maxRequestBodySize: this.options.maxBodyBytes,
    });
    this.lifecycle.track(res, () => failCalls(transport, body, 'The server is shutting down'));
    res.once('close', () => {
      void transport.close().catch(() => undefined);
      void server.close().catch(() => undefined);
    });
    await server.connect(transport);
    await transport.handleRequest(req, res, body);
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Answers the requests of a body with a JSON-RPC error on their own streams (calls that cannot finish). */
function failCalls(transport: Transport, body: unknown, message: string): void {
  for (const request of requestsOf(body)) {
    const error = { jsonrpc: '2.0' as const, id: request.id, error: { code: -32603, message } };
    transport.send(error, { relatedRequestId: request.id }).catch(() => undefined);
  }
}

/**
 * Without resumability a dropped response can never be delivered, so the requests it carried are cancelled
 * (their `ctx.signal` fires) as if the client had sent `notifications/cancelled`.
 */
function cancelOnDisconnect(transport: Transport, res: ServerResponse, body: unknown): void {
  const ids = requestsOf(body).map((request) => request.id);
  if (!ids.length) return;
  res.once('close', () => {
    if (res.writableFinished) return;
    for (const requestId of ids) {
      transport.onmessage?.({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId, reason: 'client disconnected' } });
    }
  });
}

const LEGACY_VERSIONS = new Set(SUPPORTED_PROTOCOL_VERSIONS);

/**
 * The common case that needs no classification: a 2025 session's request (legacy version header) whose body makes
 * no 2026 envelope claim. Everything else goes through the SDK's classifier.
 */
function isPlainLegacyRequest(req: IncomingMessage, body: unknown): boolean {
  const version = header(req, 'mcp-protocol-version');
  if (version === undefined || !LEGACY_VERSIONS.has(version) || header(req, 'mcp-method') !== undefined) return false;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return false;
  const meta = (body as { params?: { _meta?: Record<string, unknown> } }).params?._meta;
  return meta === undefined || !(PROTOCOL_VERSION_META_KEY in meta);
}

function containsInitialize(body: unknown): boolean {
  return messagesOf(body).some((message) => isInitializeRequest(message));
}
