import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { NoteDto } from './dto/note.dto.js';

/** Notes kept in process memory. */
@Injectable()
export class NotesService {
  private readonly notes = new Map<string, NoteDto>();

  add(text: string, tags: string[]): NoteDto {
    const note: NoteDto = { id: randomUUID(), text, tags, createdAt: new Date().toISOString() };
    this.notes.set(note.id, note);
    return note;
  }

  get(id: string): NoteDto | undefined {
    return this.notes.get(id);
  }

  all(): NoteDto[] {
    return [...this.notes.values()];
  }

  search(query: string, tag?: string): NoteDto[] {
    const needle = query.toLowerCase();
    return this.all().filter((note) => note.text.toLowerCase().includes(needle) && (!tag || note.tags.includes(tag)));
  }

  tags(): string[] {
    return [...new Set(this.all().flatMap((note) => note.tags))].sort();
  }

  clear(): number {
    const count = this.notes.size;
    this.notes.clear();
    return count;
  }
}
