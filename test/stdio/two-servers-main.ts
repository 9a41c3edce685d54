import 'reflect-metadata';
import { bootstrapStdio } from 'nestjs-mcp';
import { TwoServersModule } from './two-servers.module.js';

// Serves one of the two servers over stdio: MCP_SERVER names it, the default server otherwise.
await bootstrapStdio(TwoServersModule, { logger: ['error', 'warn'], server: process.env.MCP_SERVER });
