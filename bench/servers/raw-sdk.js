// The raw MCP SDK v2 on the same Fastify, hand-written: a 2025 session (POST /legacy), the 2025 stateless way the SDK
// documents (POST /stateless: a server and transport per request) and the dual-era createMcpHandler answering
// 2026-07-28 requests (POST /modern).
import { toNodeHandler } from '@modelcontextprotocol/node';
import { createMcpHandler, McpServer } from '@modelcontextprotocol/server';
import Fastify from 'fastify';
import { z } from 'zod';
import { sessionRoute, statelessRoute } from '../lib/raw-sdk-routes.js';

function buildServer() {
  const server = new McpServer({ name: 'raw', version: '1.0.0' });
  server.registerTool('echo', { description: 'Echo', inputSchema: z.object({ text: z.string() }) }, async ({ text }) => ({
    content: [{ type: 'text', text }],
  }));
  return server;
}

const app = Fastify();
sessionRoute(app, '/legacy', buildServer);
statelessRoute(app, '/stateless', buildServer);
const modern = toNodeHandler(createMcpHandler(() => buildServer(), { legacy: 'reject', responseMode: 'json' }));
app.post('/modern', async (request, reply) => {
  reply.hijack();
  await modern(request.raw, reply.raw, request.body);
});
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
process.send?.({ ready: true });
