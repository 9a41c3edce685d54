// The raw MCP SDK v2 with TOOLS tools whose inputSchema are zod schemas of the rich DTOs' shapes
// (bench/lib/rich-zod.js), on 2025 sessions at POST /mcp: the tools/list bench's comparison.
import Fastify from 'fastify';
import { sessionRoute } from '../lib/raw-sdk-routes.js';
import { richZodServer } from '../lib/rich-zod.js';

const app = Fastify();
sessionRoute(app, '/mcp', () => richZodServer(Number(process.env.TOOLS ?? 1000)));
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
process.send?.({ ready: true });
