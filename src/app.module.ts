import { Module } from '@nestjs/common';
import { McpModule } from 'nestjs-mcp';
import { demoAuth } from './demo-auth.js';
import { NotesModule } from './notes/notes.module.js';

const redisUrl = process.env.MCP_REDIS_URL;
// Imported only when configured: loading ioredis would add tens of milliseconds to every stdio start-up.
const store = redisUrl ? (await import('nestjs-mcp/redis')).redisStore({ url: redisUrl }) : undefined;
const auth = demoAuth();

@Module({
  imports: [
    McpModule.forRoot({
      name: 'notes',
      version: '1.0.0',
      title: 'Notes',
      instructions: 'A small knowledge base: add notes with addNote, find them with searchNotes, read notes://{id}.',
      // Several instances share sessions, streams, tasks and notifications through Redis when MCP_REDIS_URL is set.
      ...(store ? { store } : {}),
      // An OAuth 2.1 protected resource when MCP_AUTH_ISSUER is set (see src/demo-auth.ts).
      ...(auth ? { auth } : {}),
      ...(process.env.MCP_STATE_SECRET ? { inputRequired: { stateSecret: process.env.MCP_STATE_SECRET } } : {}),
    }),
    NotesModule,
  ],
})
export class AppModule {}
