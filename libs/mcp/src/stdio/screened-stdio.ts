import { Logger, type INestApplicationContext } from '@nestjs/common';
import { MCP_OPTIONS, type McpResolvedOptions } from '../options/mcp-options.js';
import { ScreenedStdioTransport } from './screened-stdio-transport.js';

/** The app's stdio transport: inbound lines screened with its `limits.maxDepth`, refusals logged at debug level. */
export function screenedStdio(app: INestApplicationContext): ScreenedStdioTransport {
  const { limits } = app.get<McpResolvedOptions>(MCP_OPTIONS, { strict: false });
  const logger = new Logger('McpStdio');
  return new ScreenedStdioTransport({ maxDepth: limits.maxDepth, onRefused: (reason) => logger.debug(`Refused an inbound message: ${reason}`) });
}
