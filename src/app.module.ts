import { Module } from '@nestjs/common';
import { McpModule } from 'nestjs-mcp';
import { AdminModule } from './admin/admin.module.js';
import { AdminGuard } from './common/admin.guard.js';
import { demoAuth } from './demo-auth.js';
import { NotesModule } from './notes/notes.module.js';

const redisUrl = process.env.MCP_REDIS_URL;
// Imported only when configured: loading ioredis would add tens of milliseconds to every stdio start-up.
const store = redisUrl ? (await import('nestjs-mcp/redis')).redisStore({ url: redisUrl }) : undefined;
const auth = demoAuth();
// What both servers share: one store (each server gets its own keys and channels in it) and the input-required key.
const shared = {
  // Several instances share sessions, streams, tasks and notifications through Redis when MCP_REDIS_URL is set.
  ...(store ? { store } : {}),
  ...(process.env.MCP_STATE_SECRET ? { inputRequired: { stateSecret: process.env.MCP_STATE_SECRET } } : {}),
};

@Module({
  imports: [
    NotesModule,
    AdminModule,
    // The public server at /mcp (and the one stdio serves): every component but the admin module's.
    McpModule.forRoot({
      name: 'notes',
      version: '1.0.0',
      title: 'Notes',
      instructions: 'A small knowledge base: add notes with addNote, find them with searchNotes, read notes://{id}.',
      exclude: { modules: [AdminModule] },
      // An OAuth 2.1 protected resource when MCP_AUTH_ISSUER is set (see src/demo-auth.ts).
      ...(auth ? { auth: auth.notes } : {}),
      ...shared,
    }),
    // The admin server at /admin/mcp: the admin module's tools, over the same NotesService. Its door is the admin
    // check: notes:admin tokens of its own resource when MCP_AUTH_ISSUER is set, else the x-role: admin header.
    McpModule.forRoot({
      name: 'notes-admin',
      version: '1.0.0',
      title: 'Notes admin',
      instructions: 'Administration of the notes knowledge base: noteStats for an overview, clearNotes to delete every note (asks to confirm).',
      server: 'admin',
      path: 'admin/mcp',
      include: { modules: [AdminModule] },
      ...(auth ? { auth: auth.admin } : { httpGuards: [AdminGuard] }),
      ...shared,
    }),
  ],
})
export class AppModule {}
