import { Module } from '@nestjs/common';
import { NotesModule } from '../notes/notes.module.js';
import { AdminTools } from './admin.tools.js';

/** What the admin server serves (`include: { modules: [AdminModule] }`), over the same NotesService as the public one. */
@Module({
  imports: [NotesModule],
  providers: [AdminTools],
})
export class AdminModule {}
