import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { ClusterModule } from './cluster.module.js';

const app = await NestFactory.create<NestFastifyApplication>(ClusterModule, new FastifyAdapter(), { logger: ['error', 'warn'] });
app.enableShutdownHooks();
await app.listen(Number(process.env.PORT), '127.0.0.1');
console.log(`cluster instance ${process.env.INSTANCE} on ${process.env.PORT}`);
