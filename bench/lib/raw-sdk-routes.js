// Fastify routes serving a raw MCP SDK v2 McpServer the ways the SDK documents, for the hand-written raw SDK servers.
import { randomUUID } from 'node:crypto';
import { NodeStreamableHTTPServerTransport } from '@modelcontextprotocol/node';

/** 2025 sessions: a server and transport per session, found again by the mcp-session-id header. */
export function sessionRoute(app, path, buildServer) {
  const sessions = new Map();
  app.post(path, async (request, reply) => {
    reply.hijack();
    const id = request.headers['mcp-session-id'];
    let transport = id ? sessions.get(id) : undefined;
    if (!transport) {
      transport = new NodeStreamableHTTPServerTransport({
        sessionIdGenerator: randomUUID,
        enableJsonResponse: true,
        onsessioninitialized: (sessionId) => sessions.set(sessionId, transport),
      });
      await buildServer().connect(transport);
    }
    await transport.handleRequest(request.raw, reply.raw, request.body);
  });
}

/** 2025 stateless serving: a new server and transport for every request, both closed when its response closes. */
export function statelessRoute(app, path, buildServer) {
  app.post(path, async (request, reply) => {
    reply.hijack();
    const server = buildServer();
    const transport = new NodeStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    reply.raw.on('close', () => {
      transport.close();
      server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(request.raw, reply.raw, request.body);
  });
}
