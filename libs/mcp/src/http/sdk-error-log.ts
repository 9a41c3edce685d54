import { AsyncLocalStorage } from 'node:async_hooks';
import type { ServerResponse } from 'node:http';
import { Logger } from '@nestjs/common';

const logger = new Logger('McpHttp');
const exchangeErrors = new AsyncLocalStorage<Error[]>();

/**
 * Records an error the SDK reported (through a transport's or the modern handler's `onerror`) for the exchange in
 * progress. The SDK answers its own failures, HTTP 500 included, without throwing, and reports client mistakes
 * the same way, so what an error was is only known once the exchange's status is.
 */
export function reportSdkError(error: Error): void {
  exchangeErrors.getStore()?.push(error);
}

/**
 * Serves one exchange; when it ended in a 5xx the SDK answered, logs the error the SDK reported for it, once.
 * Errors of exchanges that ended otherwise were the client's (or the stream's) and stay out of the error log.
 */
export async function logSdkServerErrors(res: ServerResponse, serve: () => Promise<void>): Promise<void> {
  const errors: Error[] = [];
  await exchangeErrors.run(errors, serve);
  const cause = errors.at(-1);
  if (cause && res.statusCode >= 500) logger.error(`MCP request failed (HTTP ${res.statusCode}): ${cause.message}`, cause.stack);
}
