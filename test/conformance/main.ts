import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { ConformanceModule } from './conformance.module.js';

const app = await NestFactory.create<NestFastifyApplication>(ConformanceModule, new FastifyAdapter(), {
  logger: ['error', 'warn'],
});
await app.listen(Number(process.env.PORT ?? 3939), '127.0.0.1');
console.log(`conformance fixture app on http://127.0.0.1:${process.env.PORT ?? 3939}/mcp`);
