import { Injectable } from '@nestjs/common';
import { McpCtx, Tool, type McpContext } from 'nestjs-mcp';
import { NotesService } from '../notes/notes.service.js';
import { ConfirmDto } from './dto/confirm.dto.js';
import { NoteStatsDto } from './dto/note-stats.dto.js';

/** The admin server's tools (`/admin/mcp`): the door of that server is the admin check, so they need no guard of their own. */
@Injectable()
export class AdminTools {
  constructor(private readonly notes: NotesService) {}

  @Tool({ description: 'How many notes there are, and how many carry each tag', annotations: { readOnlyHint: true }, output: NoteStatsDto })
  noteStats(): NoteStatsDto {
    return { notes: this.notes.all().length, tags: this.notes.tagCounts() };
  }

  @Tool({ description: 'Delete every note after asking the user to confirm', annotations: { destructiveHint: true } })
  async clearNotes(@McpCtx() ctx: McpContext): Promise<string> {
    const answer = await ctx.elicit(`Delete all ${this.notes.all().length} notes?`, ConfirmDto);
    if (answer.action !== 'accept' || !answer.data.confirm) return 'Nothing was deleted.';
    return `Deleted ${this.notes.clear()} note(s).`;
  }
}
