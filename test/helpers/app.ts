import type { INestApplication, Type } from '@nestjs/common';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';

export interface RunningApp {
  app: NestFastifyApplication;
  /** Full URL of the MCP endpoint. */
  url: URL;
  origin: string;
  close(): Promise<void>;
}

/** Boots a module on Fastify on a free loopback port, as `main.ts` would. */
export async function startApp(
  module: Type<unknown>,
  options: {
    path?: string;
    host?: string;
    /** Listen on this port (e.g. one from `freePort()`, when the app's options must name its URL); default any free port. */
    port?: number;
    trustProxy?: boolean;
    configure?: (app: NestFastifyApplication) => void | Promise<void>;
  } = {},
): Promise<RunningApp> {
  const moduleRef = await Test.createTestingModule({ imports: [module] }).compile();
  // Fastify's defaults, as an app has them: shutdown must not wait for connections clients leave open.
  const adapter = new FastifyAdapter({ trustProxy: options.trustProxy ?? false });
  const app = moduleRef.createNestApplication<NestFastifyApplication>(adapter, { logger: ['error', 'warn'] });
  await options.configure?.(app);
  await app.listen(options.port ?? 0, options.host ?? '127.0.0.1');
  const origin = (await app.getUrl()).replace('[::1]', '127.0.0.1').replace('localhost', '127.0.0.1');
  return { app, url: new URL(options.path ?? '/mcp', origin), origin, close: () => app.close() };
}

export type { INestApplication };
