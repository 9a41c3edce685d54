// nestjs-mcp serving one echo tool. MODE: 'session' (default) or 'stateless' (the 2025 stateless option);
// IDLE_TTL_MS and DORMANT_AFTER_MS set session.idleTtlMs and session.dormantAfterMs.
// The session quotas are raised so the memory measurements can open their thousands of sessions from one address
// (by default every session past the 100th from one address is refused with 429).
import 'reflect-metadata';
import { Injectable, Module } from '@nestjs/common';
import { Arg, McpModule, Tool } from 'nestjs-mcp';
import { serveNest } from '../lib/nest-server.js';

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
      session: {
        maxSessions: 100_000,
        maxSessionsPerAddress: 100_000,
        idleTtlMs: Number(process.env.IDLE_TTL_MS ?? 30 * 60 * 1000),
        ...(process.env.DORMANT_AFTER_MS ? { dormantAfterMs: Number(process.env.DORMANT_AFTER_MS) } : {}),
      },
    }),
  ],
  providers: [EchoTools],
})(BenchModule);

await serveNest(BenchModule);
