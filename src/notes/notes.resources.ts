import { Injectable, NotFoundException } from '@nestjs/common';
import { Arg, Resource } from 'nestjs-mcp';
import { NotesService } from './notes.service.js';

@Injectable()
export class NotesResources {
  constructor(private readonly notes: NotesService) {}

  @Resource({ uri: 'notes://index', name: 'notes-index', mimeType: 'application/json', description: 'All notes' })
  index() {
    return this.notes.all();
  }

  @Resource({ uri: 'notes://tags', name: 'tags', mimeType: 'text/plain', description: 'Every tag in use, one per line' })
  tags(): string {
    return this.notes.tags().join('\n');
  }

  @Resource({ uri: 'notes://{id}', name: 'note', mimeType: 'application/json', description: 'One note' })
  getNote(@Arg('id') id: string) {
    const note = this.notes.get(id);
    if (!note) throw new NotFoundException(`No note with id ${id}`);
    return note;
  }
}
