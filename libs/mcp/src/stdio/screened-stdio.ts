import { Logger } from '@nestjs/common';
import type { McpResolvedOptions } from '../options/mcp-options.js';
import { ScreenedStdioTransport } from './screened-stdio-transport.js';

/** A server's stdio transport: inbound lines screened with its `limits.maxDepth`, refusals logged at debug level. */
export function screenedStdio({ limits }: McpResolvedOptions): ScreenedStdioTransport {
  const logger = new Logger('McpStdio');
  return new ScreenedStdioTransport({ maxDepth: limits.maxDepth, onRefused: (reason) => logger.debug(`Refused an inbound message: ${reason}`) });
}
