import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module.js';
import { startTelemetry } from './telemetry.js';

async function bootstrap(): Promise<void> {
  // OpenTelemetry when MCP_OTEL is set (see src/telemetry.ts): registered before the app, flushed when it closes.
  const stopTelemetry = await startTelemetry();
  const app = await NestFactory.create<NestFastifyApplication>(AppModule, new FastifyAdapter());
  app.enableShutdownHooks();
  app.getHttpAdapter().getInstance().addHook('onClose', () => stopTelemetry());
  const port = Number(process.env.PORT ?? 3000);
  const host = process.env.HOST ?? '127.0.0.1';
  await app.listen(port, host);
  console.log(`MCP server (notes) listening on http://${host}:${port}/mcp, its admin server on http://${host}:${port}/admin/mcp`);
}

void bootstrap();
