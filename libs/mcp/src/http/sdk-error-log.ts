import type { ServerResponse } from 'node:http';
import { Logger } from '@nestjs/common';

const logger = new Logger('McpHttp');
let reportedCount = 0;
let latestReported: Error | undefined;

/**
 * Records an error the SDK reported (through a transport's or the modern handler's `onerror`). The SDK answers its
 * own failures, HTTP 500 included, without throwing, and reports client mistakes the same way, so what an error was
 * is only known once the status of the exchange it belongs to is.
 */
export function reportSdkError(error: Error): void {
  reportedCount++;
  latestReported = error;
}

/**
 * Serves one exchange; when it ended in a 5xx the SDK answered, logs the latest error the SDK reported while it ran,
 * once. Errors of exchanges that ended otherwise were the client's (or the stream's) and stay out of the error log.
 * A counter rather than AsyncLocalStorage, which would put promise hooks on every request of the process (about a
 * fifth of the throughput on Node 20); only when several exchanges fail at once can the cause logged be another's.
 */
export async function logSdkServerErrors(res: ServerResponse, serve: () => Promise<void>): Promise<void> {
  const reportedBefore = reportedCount;
  await serve();
  const cause = reportedCount > reportedBefore ? latestReported : undefined;
  if (cause && res.statusCode >= 500) logger.error(`MCP request failed (HTTP ${res.statusCode}): ${cause.message}`, cause.stack);
}
