import type { Server } from '@modelcontextprotocol/server';
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
