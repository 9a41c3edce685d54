import { Module } from '@nestjs/common';
import { NotesPrompts } from './notes.prompts.js';
import { NotesResources } from './notes.resources.js';
import { NotesService } from './notes.service.js';
import { NotesTools } from './notes.tools.js';

@Module({
  providers: [NotesService, NotesTools, NotesResources, NotesPrompts],
  exports: [NotesService],
})
export class NotesModule {}
