import type { LoggingLevel } from '@modelcontextprotocol/server';
import type { McpLogger } from '../interfaces/mcp-context.interface.js';

/** `ctx.log`: one method per level over a sender of `notifications/message`. */
export function createMcpLogger(send: (level: LoggingLevel, data: unknown) => Promise<void>): McpLogger {
  const log = (level: LoggingLevel, message: string, data?: unknown) => send(level, data === undefined ? message : { message, data });
  return {
    log,
    debug: (message, data) => log('debug', message, data),
    info: (message, data) => log('info', message, data),
    notice: (message, data) => log('notice', message, data),
    warning: (message, data) => log('warning', message, data),
    error: (message, data) => log('error', message, data),
  };
}
