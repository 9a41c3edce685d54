import { PROTECTED_RESOURCE_WELL_KNOWN } from '../options/auth-options.js';
import type { ProtectedResourceMetadata } from '../auth/protected-resource-metadata.js';

interface WellKnownRequest {
  params: Record<string, string | undefined>;
}
interface WellKnownReply {
  code(status: number): WellKnownReply;
  header(name: string, value: string): WellKnownReply;
  send(body: unknown): void;
}
interface FastifyRouter {
  get(path: string, handler: (request: WellKnownRequest, reply: WellKnownReply) => void): void;
}

/** Where the metadata is served and what it says. */
export interface ProtectedResourceRoutes {
  /** Endpoint paths whose path-form metadata URI is served (`/mcp`, `/api/v1/mcp`, the path of `resourceUrl`). */
  servesPath(path: string): boolean;
  document(): ProtectedResourceMetadata;
}

/** The servers (each an `McpModule` with `auth`) whose metadata one Fastify instance serves. */
const servedBy = new WeakMap<FastifyRouter, ProtectedResourceRoutes[]>();

/**
 * RFC 9728 §3.1 metadata on the host root, outside any global prefix: the path form
 * (`/.well-known/oauth-protected-resource/<endpoint path>`, answered by the server of that path) and the root form
 * (the first server's); other suffixes are not found. The routes are added once per Fastify instance, however many
 * servers of the app are protected resources. Readable from browsers (CORS) and cacheable for a while.
 */
export function addProtectedResourceRoutes(fastify: FastifyRouter, routes: ProtectedResourceRoutes): void {
  const servers = servedBy.get(fastify);
  if (servers) {
    servers.push(routes);
    return;
  }
  const all = [routes];
  servedBy.set(fastify, all);
  const send = (reply: WellKnownReply, server: ProtectedResourceRoutes) =>
    reply
      .code(200)
      .header('content-type', 'application/json')
      .header('access-control-allow-origin', '*')
      .header('cache-control', 'public, max-age=300')
      .send(JSON.stringify(server.document()));
  fastify.get(PROTECTED_RESOURCE_WELL_KNOWN, (_request, reply) => send(reply, all[0]));
  fastify.get(`${PROTECTED_RESOURCE_WELL_KNOWN}/*`, (request, reply) => {
    const path = `/${request.params['*'] ?? ''}`;
    const server = all.find((candidate) => candidate.servesPath(path));
    if (server) return send(reply, server);
    reply.code(404).header('content-type', 'application/json').send(JSON.stringify({ error: 'not_found' }));
  });
}
