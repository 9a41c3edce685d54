// The raw MCP SDK v2 on the same Fastify, hand-written: a 2025 session (POST /legacy) and the dual-era
// createMcpHandler answering 2026-07-28 requests (POST /modern).
import { randomUUID } from 'node:crypto';
import { NodeStreamableHTTPServerTransport, toNodeHandler } from '@modelcontextprotocol/node';
import { createMcpHandler, McpServer } from '@modelcontextprotocol/server';
import Fastify from 'fastify';
import { z } from 'zod';

function buildServer() {
  const server = new McpServer({ name: 'raw', version: '1.0.0' });
  server.registerTool('echo', { description: 'Echo', inputSchema: z.object({ text: z.string() }) }, async ({ text }) => ({
    content: [{ type: 'text', text }],
  }));
  return server;
}

const sessions = new Map();
const app = Fastify();
app.post('/legacy', async (request, reply) => {
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
const modern = toNodeHandler(createMcpHandler(() => buildServer(), { legacy: 'reject', responseMode: 'json' }));
app.post('/modern', async (request, reply) => {
  reply.hijack();
  await modern(request.raw, reply.raw, request.body);
});
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
process.send?.({ ready: true });
