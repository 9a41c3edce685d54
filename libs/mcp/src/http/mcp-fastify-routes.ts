import { Inject, Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { McpAuthGate } from '../auth/mcp-auth-gate.js';
import { MCP_OPTIONS, type McpResolvedOptions } from '../options/mcp-options.js';
import { HttpRefusals, type HttpRefusal } from '../protocol/error-catalogue.js';
import { addBodyTimeout, clearBodyTimeout } from './body-timeout.js';
import { jsonRpcErrorBody } from './json-rpc-reply.js';
import { addLoopTurnAdmission } from './loop-turn-admission.js';
import { addProtectedResourceRoutes } from './protected-resource-routes.js';
import { closeSilentConnectionsOnClose, type FastifyWithServer } from './silent-connections.js';

/** Marks the Fastify routes of an MCP controller, with its path, so its server's route hook can tune them (body limit, parse errors). */
export const MCP_ROUTE_MARKER = 'nestjs-mcp:endpoint';

interface RouteOptions {
  url: string;
  method: string | string[];
  config?: Record<string, unknown>;
  bodyLimit?: number;
  onRequest?: unknown;
  preValidation?: unknown;
  errorHandler?: (error: FastifyLikeError, request: unknown, reply: FastifyLikeReply) => void;
}

type FastifyLike = Parameters<typeof addProtectedResourceRoutes>[0] &
  FastifyWithServer & {
    addHook(name: 'onRoute', hook: (route: RouteOptions) => void): void;
  };

interface FastifyLikeReply {
  code(status: number): FastifyLikeReply;
  type(contentType: string): FastifyLikeReply;
  send(body: string): void;
}

interface FastifyLikeError extends Error {
  statusCode?: number;
  code?: string;
}

/**
 * Tunes the MCP controller's Fastify routes as they are registered: admission by event-loop turn, the MCP body limit,
 * the body timeout, and JSON-RPC errors (not Fastify's own JSON) for bodies that are too large, not JSON, or of the
 * wrong content type. Shutdown is not held up by connections that never sent a byte. With `auth`, also serves the
 * protected resource metadata on the host root.
 */
@Injectable()
export class McpFastifyRoutes {
  /** The MCP endpoint paths as Fastify registered them (global prefix and version included). */
  readonly paths = new Set<string>();

  private installed = false;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(MCP_OPTIONS) private readonly options: McpResolvedOptions,
    private readonly gate: McpAuthGate,
  ) {}

  /** Called from `McpModule.configure()`: after the HTTP adapter exists, before routes are registered. */
  install(): void {
    const adapter = this.adapterHost?.httpAdapter;
    if (this.installed || !adapter || adapter.getType() !== 'fastify') return;
    this.installed = true;
    const fastify = adapter.getInstance() as FastifyLike;
    closeSilentConnectionsOnClose(fastify);
    if (this.options.auth) this.addProtectedResourceMetadata(fastify, this.options.auth.resourcePath);
    fastify.addHook('onRoute', (route) => {
      // Each McpModule tunes its own endpoint only: an app may serve several, each with its limits.
      if (route.config?.[MCP_ROUTE_MARKER] !== this.options.path) return;
      this.paths.add(route.url);
      route.bodyLimit = this.options.maxBodyBytes;
      addBodyTimeout(route, this.options.limits.bodyTimeoutMs);
      addLoopTurnAdmission(route); // first: time waiting for a turn is not the client's to count against its body
      route.errorHandler = (error, request, reply) => {
        clearBodyTimeout(request);
        const refusal = refusalFor(error);
        reply.code(refusal.status).type('application/json').send(jsonRpcErrorBody(refusal));
      };
    });
  }

  private addProtectedResourceMetadata(fastify: FastifyLike, resourcePath: string): void {
    addProtectedResourceRoutes(fastify, {
      servesPath: (path) => path === resourcePath || this.paths.has(path),
      document: () => this.gate.metadata(),
    });
  }
}

/** What Fastify refused before the controller ran (body limit, content type, JSON parsing), as a JSON-RPC error. */
function refusalFor(error: FastifyLikeError): HttpRefusal {
  const status = error.statusCode ?? 500;
  if (status === 413) return HttpRefusals.bodyTooLarge;
  if (status === 415) return HttpRefusals.unsupportedMediaType;
  if (status === 400) return HttpRefusals.parseError(error.message);
  return { ...HttpRefusals.internal, status: status >= 400 && status < 600 ? status : 500 };
}
