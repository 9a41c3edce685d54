import { setTimeout as sleep } from 'node:timers/promises';
import { Injectable, UseInterceptors } from '@nestjs/common';
import { Args, Arg, McpCtx, Tool, type McpContext } from 'nestjs-mcp';
import { TimingInterceptor } from '../common/timing.interceptor.js';
import { AddNoteDto, NoteDto, NoteListDto, SearchNotesDto } from './dto/note.dto.js';
import { NotesService } from './notes.service.js';

@Injectable()
@UseInterceptors(TimingInterceptor)
export class NotesTools {
  constructor(private readonly notes: NotesService) {}

  @Tool({ description: 'Add a note', annotations: { idempotentHint: false }, output: NoteDto, tags: ['write'] })
  async addNote(@Args() input: AddNoteDto, @McpCtx() ctx: McpContext): Promise<NoteDto> {
    const note = this.notes.add(input.text, input.tags);
    await ctx.log.info(`Added note ${note.id}`, { tags: note.tags });
    return note;
  }

  @Tool({ description: 'Find notes containing some words', annotations: { readOnlyHint: true }, output: NoteListDto })
  searchNotes(@Args() input: SearchNotesDto): NoteListDto {
    return { notes: this.notes.search(input.query, input.tag) };
  }

  @Tool({ description: 'Count the notes, optionally for one tag', annotations: { readOnlyHint: true } })
  countNotes(@Arg('tag', { required: false, description: 'Only count notes with this tag' }) tag?: string): string {
    const count = tag ? this.notes.all().filter((note) => note.tags.includes(tag)).length : this.notes.all().length;
    return `${count} note(s)`;
  }

  @Tool({ description: 'Rebuild the search index (slow; reports progress, can be cancelled)' })
  async reindex(@Arg('steps', { required: false, description: 'Number of steps (1-50)' }) steps: number = 5, @McpCtx() ctx: McpContext) {
    const total = Math.min(Math.max(Math.trunc(steps), 1), 50);
    for (let done = 1; done <= total; done++) {
      await sleep(50, undefined, { signal: ctx.signal });
      await ctx.progress(done, total, `Indexed part ${done} of ${total}`);
    }
    return `Reindexed ${this.notes.all().length} note(s) in ${total} steps`;
  }

  @Tool({ description: "Summarize all notes with the client's model (sampling)", annotations: { readOnlyHint: true } })
  async summarizeNotes(@McpCtx() ctx: McpContext): Promise<string> {
    const texts = this.notes.all().map((note) => `- ${note.text}`);
    if (!texts.length) return 'There are no notes to summarize.';
    const reply = await ctx.sample(`Summarize these notes in one paragraph:\n${texts.join('\n')}`, { maxTokens: 300 });
    return reply.content && !Array.isArray(reply.content) && reply.content.type === 'text' ? reply.content.text : JSON.stringify(reply.content);
  }
}
