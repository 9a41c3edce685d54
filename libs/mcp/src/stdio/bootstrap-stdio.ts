import { serveStdio, type StdioServerHandle } from '@modelcontextprotocol/server/stdio';
import type { INestApplicationContext, LoggerService, LogLevel, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { McpAuthInfo } from '../interfaces/auth.interface.js';
import { asMcpAuthInfo } from '../access/auth-info.js';
import type { McpEra } from '../protocol/eras.js';
import { actingFor } from '../server/connection-principal.js';
import { mcpServerHandle } from '../server/mcp-server-handle.js';
import { redirectConsoleToStderr, StderrLogger } from './stderr-logger.js';
import { screenedStdio } from './screened-stdio.js';

export interface BootstrapStdioOptions {
  /** A logger of your own (make sure it writes to stderr), or `false` for none. Default: Nest's logger on stderr. */
  logger?: LoggerService | LogLevel[] | false;
  /** Send `console.log/info/debug` to stderr. Default true. */
  redirectConsole?: boolean;
  /** Close the app and exit the process when stdin closes (the host went away). Default true. */
  exitOnClose?: boolean;
  /**
   * Whom every request of this process acts for (`ctx.auth`, scope and role checks). Stdio has no bearer tokens: take
   * the principal from the environment (an API key you check, the OS user) or verify a token from it yourself.
   */
  auth?: Partial<McpAuthInfo>;
  /** Which server of the app to serve, when it has several (`McpModule.forRoot({ server: 'admin' })`). Default `'default'`. */
  server?: string;
}

export interface McpStdioApp {
  app: INestApplicationContext;
  /** Stops serving and closes the Nest application context. */
  close(): Promise<void>;
}

/**
 * Serves the app's MCP server over stdin/stdout (for desktop hosts such as Claude Desktop), both protocol eras.
 * Nest logs go to stderr.
 */
export async function bootstrapStdio(module: Type<unknown>, options: BootstrapStdioOptions = {}): Promise<McpStdioApp> {
  if (options.redirectConsole !== false) redirectConsoleToStderr();
  const logger = options.logger === undefined ? new StderrLogger() : options.logger;
  const app = await NestFactory.createApplicationContext(module, { logger });
  const served = mcpServerHandle(app, options.server);
  const principal = options.auth ? asMcpAuthInfo(options.auth) : undefined;
  const createServer = ({ era }: { era: McpEra }) => actingFor(served.connectionServer('stdio', era), principal);
  const handle: StdioServerHandle = serveStdio(createServer, {
    transport: screenedStdio(served.options),
    onerror: (error) => process.stderr.write(`[nestjs-mcp] stdio error: ${error.message}\n`),
  });
  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      await handle.close().catch(() => undefined);
      await app.close();
    })());
  if (options.exitOnClose !== false) {
    process.stdin.once('end', () => void close().finally(() => process.exit(0)));
  }
  return { app, close };
}
