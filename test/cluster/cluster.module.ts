import { Module } from '@nestjs/common';
import { McpModule } from 'nestjs-mcp';
import { redisStore } from 'nestjs-mcp/redis';
import { ClusterTools } from './cluster.tools.js';

@Module({
  imports: [
    McpModule.forRoot({
      name: 'cluster',
      version: '1.0.0',
      // In process memory without MCP_REDIS_URL (the single-process baseline of the scale-out bench).
      ...(process.env.MCP_REDIS_URL ? { store: redisStore({ url: process.env.MCP_REDIS_URL }) } : {}),
      inputRequired: { stateSecret: process.env.MCP_STATE_SECRET },
      retryIntervalMs: 200,
      session: {
        maxSessions: Number(process.env.MCP_MAX_SESSIONS ?? 10_000),
        // The load bench opens every session from one address.
        maxSessionsPerAddress: Number(process.env.MCP_MAX_SESSIONS_PER_ADDRESS ?? 100),
        idleTtlMs: Number(process.env.MCP_IDLE_TTL_MS ?? 30 * 60 * 1000),
      },
      shutdownGraceMs: 5_000,
    }),
  ],
  providers: [ClusterTools],
})
export class ClusterModule {}
