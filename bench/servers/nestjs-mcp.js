// nestjs-mcp serving one echo tool. MODE: 'session' (default) or 'stateless' (the 2025 stateless option).
import 'reflect-metadata';
import { Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Arg, McpModule, Tool } from 'nestjs-mcp';

class EchoTools {
  echo(text) {
    return text;
  }
}
Reflect.defineMetadata('design:paramtypes', [String], EchoTools.prototype, 'echo');
Arg('text')(EchoTools.prototype, 'echo', 0);
Reflect.decorate([Tool({ description: 'Echo' })], EchoTools.prototype, 'echo', Object.getOwnPropertyDescriptor(EchoTools.prototype, 'echo'));
Injectable()(EchoTools);

class BenchModule {}
Module({
  imports: [
    McpModule.forRoot({
      name: 'bench',
      version: '1.0.0',
      responseMode: 'json',
      stateless: process.env.MODE === 'stateless',
      session: { maxSessions: 100_000, maxSessionsPerAddress: 100_000, idleTtlMs: Number(process.env.IDLE_TTL_MS ?? 30 * 60 * 1000) },
    }),
  ],
  providers: [EchoTools],
})(BenchModule);

const app = await NestFactory.create(BenchModule, new FastifyAdapter(), { logger: ['error'] });
await app.listen(Number(process.env.PORT), '127.0.0.1');
process.on('message', (message) => {
  if (message === 'exit') process.exit(0);
  if (message === 'memory') {
    globalThis.gc?.();
    globalThis.gc?.();
    process.send({ memory: process.memoryUsage() });
  }
});
process.send?.({ ready: true });
