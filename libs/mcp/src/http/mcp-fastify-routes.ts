import { Inject, Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { MCP_ROUTE_MARKER } from '../constants.js';
import { MCP_RESOLVED_OPTIONS, type McpResolvedOptions } from '../mcp-options.js';
import { jsonRpcErrorBody } from './json-rpc-reply.js';

interface RouteOptions {
  url: string;
  method: string | string[];
  config?: Record<string, unknown>;
  bodyLimit?: number;
  errorHandler?: (error: FastifyLikeError, request: unknown, reply: FastifyLikeReply) => void;
}

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
 * Tunes the MCP controller's Fastify routes as they are registered: the MCP body limit, and JSON-RPC errors
 * (not Fastify's own JSON) for bodies that are too large, not JSON, or of the wrong content type.
 */
@Injectable()
export class McpFastifyRoutes {
  /** The MCP endpoint paths as Fastify registered them (global prefix and version included). */
  readonly paths = new Set<string>();

  private installed = false;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(MCP_RESOLVED_OPTIONS) private readonly options: McpResolvedOptions,
  ) {}

  /** Called from `McpModule.configure()`: after the HTTP adapter exists, before routes are registered. */
  install(): void {
    const adapter = this.adapterHost?.httpAdapter;
    if (this.installed || !adapter || adapter.getType() !== 'fastify') return;
    this.installed = true;
    const fastify = adapter.getInstance() as { addHook(name: 'onRoute', hook: (route: RouteOptions) => void): void };
    fastify.addHook('onRoute', (route) => {
      if (!route.config?.[MCP_ROUTE_MARKER]) return;
      this.paths.add(route.url);
      route.bodyLimit = this.options.maxBodyBytes;
      route.errorHandler = (error, _request, reply) => {
        const { status, code, message } = describeRouteError(error);
        reply.code(status).type('application/json').send(jsonRpcErrorBody(code, message));
      };
    });
  }
}

function describeRouteError(error: FastifyLikeError): { status: number; code: number; message: string } {
  const status = error.statusCode ?? 500;
  if (status === 413) return { status, code: -32600, message: 'Request body too large' };
  if (status === 415) return { status, code: -32600, message: 'Unsupported Media Type: Content-Type must be application/json' };
  if (status === 400) return { status, code: -32700, message: `Parse error: ${error.message}` };
  return { status: status >= 400 && status < 600 ? status : 500, code: -32603, message: 'Internal error' };
}
