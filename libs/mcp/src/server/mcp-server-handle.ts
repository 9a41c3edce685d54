import type { Server } from '@modelcontextprotocol/server';
import type { INestApplicationContext } from '@nestjs/common';
import { DEFAULT_MCP_SERVER, getMcpServerToken } from '../interfaces/mcp-server-tokens.js';
import type { McpResolvedOptions } from '../options/mcp-options.js';
import type { McpEra } from '../protocol/eras.js';

/**
 * One MCP server of the app (an `McpModule.forRoot`), under `getMcpServerToken(key)`: what the test kit and
 * `bootstrapStdio` need to serve a connection of their own, whichever of several servers they are asked for.
 */
export interface McpServerHandle {
  readonly key: string;
  readonly options: McpResolvedOptions;
  /** An SDK server of this MCP server for one stdio or in-memory connection, its session metered like any other. */
  connectionServer(transport: 'stdio' | 'memory', era: McpEra): Server;
  /** The endpoint's paths as Fastify registered them (global prefix and version included); empty without HTTP. */
  endpointPaths(): ReadonlySet<string>;
}

/** The server of this key in an app (the one that names none by default), or an error saying how to name it. */
export function mcpServerHandle(app: INestApplicationContext, server: string | undefined): McpServerHandle {
  try {
    return app.get<McpServerHandle>(getMcpServerToken(server), { strict: false });
  } catch {
    throw new Error(`No MCP server "${server ?? DEFAULT_MCP_SERVER}" in this module: name it with McpModule.forRoot({ server: '...' }) and pass the same name`);
  }
}
