// The ceiling: a bare Fastify JSON route answering what a tools/call echo would.
import Fastify from 'fastify';

const app = Fastify();
app.post('/mcp', async (request) => ({
  jsonrpc: '2.0',
  id: request.body.id,
  result: { content: [{ type: 'text', text: request.body.params.arguments.text }] },
}));
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
process.send?.({ ready: true });
