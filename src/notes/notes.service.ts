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

  /** How many notes carry each tag, most used first (then by name). */
  tagCounts(): { tag: string; notes: number }[] {
    const counts = new Map<string, number>();
    for (const tag of this.all().flatMap((note) => [...new Set(note.tags)])) counts.set(tag, (counts.get(tag) ?? 0) + 1);
    return [...counts].map(([tag, notes]) => ({ tag, notes })).sort((a, b) => b.notes - a.notes || a.tag.localeCompare(b.tag));
  }

  clear(): number {
    const count = this.notes.size;
    this.notes.clear();
    return count;
  }
}
