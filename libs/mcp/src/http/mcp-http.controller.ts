import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AuthInfo } from '@modelcontextprotocol/server';
import { Controller, Delete, Get, Logger, Post, Req, Res, SetMetadata, UseGuards, type CanActivate, type Type } from '@nestjs/common';
import { asMcpAuthInfo } from '../access/auth-info.js';
import { StoreUnavailableError } from '../errors/store-unavailable.error.js';
import { HttpRefusals } from '../protocol/error-catalogue.js';
import { writeRefusal } from './json-rpc-reply.js';
import { MCP_ROUTE_MARKER } from './mcp-fastify-routes.js';
import { McpHttpService, type McpExchange } from './mcp-http.service.js';
import { logSdkServerErrors } from './sdk-error-log.js';

/** `@RouteConfig()` of @nestjs/platform-fastify, without importing it (Fastify stays an optional peer). */
const FASTIFY_ROUTE_CONFIG_METADATA = '__fastify_route_config__';
/** Marks a route as the endpoint at `path`, so only that server's route hook tunes it. */
const McpRoute = (path: string) => SetMetadata(FASTIFY_ROUTE_CONFIG_METADATA, { [MCP_ROUTE_MARKER]: path });

/** Fastify's request/reply, or Express's, reduced to what the endpoint needs. */
interface PlatformRequest {
  raw?: IncomingMessage;
  body?: unknown;
  auth?: AuthInfo;
  user?: unknown;
  ip?: string;
  headers: IncomingMessage['headers'];
}
interface PlatformReply {
  raw?: ServerResponse;
  hijack?: () => void;
}

const logger = new Logger('McpHttp');

/** The MCP endpoint as a real Nest controller, so the global prefix, versioning and HTTP guards apply to it. */
export function createMcpController(path: string, guards: (Type<CanActivate> | CanActivate)[] = []): Type<unknown> {
  @Controller(path)
  @UseGuards(...guards)
  class McpHttpController {
    constructor(private readonly http: McpHttpService) {}

    @Post()
    @McpRoute(path)
    post(@Req() req: PlatformRequest, @Res() reply: PlatformReply): Promise<void> {
      return serve(req, reply, (exchange) => this.http.post(exchange), this.http);
    }

    @Get()
    @McpRoute(path)
    get(@Req() req: PlatformRequest, @Res() reply: PlatformReply): Promise<void> {
      return serve(req, reply, (exchange) => this.http.sessionOperation(exchange), this.http);
    }

    @Delete()
    @McpRoute(path)
    delete(@Req() req: PlatformRequest, @Res() reply: PlatformReply): Promise<void> {
      return serve(req, reply, (exchange) => this.http.sessionOperation(exchange), this.http);
    }
  }
  return McpHttpController;
}

async function serve(
  request: PlatformRequest,
  reply: PlatformReply,
  handle: (exchange: McpExchange) => Promise<void>,
  http: McpHttpService,
): Promise<void> {
  reply.hijack?.();
  const req = (request.raw ?? request) as McpExchange['req'];
  const res = (reply.raw ?? reply) as ServerResponse;
  const exchange: McpExchange = { req, res, body: request.body };
  const auth = authOf(request);
  if (auth) req.auth = asMcpAuthInfo(auth);
  req.clientAddress = request.ip ?? req.socket?.remoteAddress;
  try {
    if (http.refused(exchange)) return;
    await logSdkServerErrors(res, () => handle(exchange));
  } catch (error) {
    if (error instanceof StoreUnavailableError) {
      logger.warn(error.message);
      writeRefusal(res, HttpRefusals.storeUnavailable);
      return;
    }
    logger.error(`MCP request failed: ${(error as Error).message}`, (error as Error).stack);
    writeRefusal(res, HttpRefusals.internal);
  }
}

/** The principal an HTTP guard attached: `request.auth` (MCP AuthInfo) or `request.user` (e.g. Passport). */
function authOf(request: PlatformRequest): AuthInfo | undefined {
  if (request.auth) {
    return request.user === undefined ? request.auth : { ...request.auth, extra: { ...request.auth.extra, user: request.user } };
  }
  if (request.user === undefined) return undefined;
  const user = request.user as { id?: unknown; sub?: unknown; scopes?: unknown };
  const subject = user.sub ?? user.id;
  if (subject === undefined || subject === null || subject === '') warnUnidentifiedUserOnce();
  const authorization = request.headers.authorization;
  return {
    token: authorization?.startsWith('Bearer ') ? authorization.slice(7) : '',
    clientId: String(subject ?? ''),
    scopes: Array.isArray(user.scopes) ? (user.scopes as string[]) : [],
    extra: { user: request.user, ...(typeof subject === 'string' || typeof subject === 'number' ? { sub: subject } : {}) },
  };
}

let unidentifiedUserWarned = false;

/** A `request.user` with no `sub` or `id` cannot own sessions or tasks: they stay anonymous (said once per process). */
function warnUnidentifiedUserOnce(): void {
  if (unidentifiedUserWarned) return;
  unidentifiedUserWarned = true;
  logger.warn('request.user has neither `sub` nor `id`: MCP sessions and tasks of such requests are not bound to a principal');
}
