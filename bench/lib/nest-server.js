// Serving a bench's Nest module over HTTP (Fastify) in a child process of the bench: listens on PORT, answers the
// parent's 'memory' (after GC, with --expose-gc) and 'exit' messages, and tells it when it is ready.
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';

export async function serveNest(module) {
  const app = await NestFactory.create(module, new FastifyAdapter(), { logger: ['error'] });
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
}
