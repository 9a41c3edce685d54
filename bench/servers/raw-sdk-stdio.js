// The raw MCP SDK v2 over stdio, hand-written: one tool, both eras (serveStdio). The floor for stdio start-up.
import { McpServer } from '@modelcontextprotocol/server';
import { serveStdio } from '@modelcontextprotocol/server/stdio';
import { z } from 'zod';

serveStdio(() => {
  const server = new McpServer({ name: 'raw-stdio', version: '1.0.0' });
  server.registerTool('countUp', { description: 'Counts', inputSchema: z.object({ steps: z.number() }) }, async ({ steps }) => ({
    content: [{ type: 'text', text: `counted to ${steps}` }],
  }));
  return server;
});
