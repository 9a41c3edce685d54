import { Module } from '@nestjs/common';
import { McpModule } from 'nestjs-mcp';
import { redisStore } from 'nestjs-mcp/redis';
import { NotesModule } from './notes/notes.module.js';

const redisUrl = process.env.MCP_REDIS_URL;

@Module({
  imports: [
    McpModule.forRoot({
      name: 'notes',
      version: '1.0.0',
      title: 'Notes',
      instructions: 'A small knowledge base: add notes with addNote, find them with searchNotes, read notes://{id}.',
      // Several instances share sessions, streams, tasks and notifications through Redis when MCP_REDIS_URL is set.
      ...(redisUrl ? { store: redisStore({ url: redisUrl }) } : {}),
      ...(process.env.MCP_STATE_SECRET ? { inputRequired: { stateSecret: process.env.MCP_STATE_SECRET } } : {}),
    }),
    NotesModule,
  ],
})
export class AppModule {}
