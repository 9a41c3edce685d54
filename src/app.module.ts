import { Module } from '@nestjs/common';
import { McpModule } from 'nestjs-mcp';
import { NotesModule } from './notes/notes.module.js';

@Module({
  imports: [
    McpModule.forRoot({
      name: 'notes',
      version: '1.0.0',
      title: 'Notes',
      instructions: 'A small knowledge base: add notes with addNote, find them with searchNotes, read notes://{id}.',
    }),
    NotesModule,
  ],
})
export class AppModule {}
