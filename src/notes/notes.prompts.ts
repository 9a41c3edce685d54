import { Injectable } from '@nestjs/common';
import { Arg, Args, Prompt } from 'nestjs-mcp';
import { ReviewArgs } from './dto/review.args.js';
import { NotesService } from './notes.service.js';

@Injectable()
export class NotesPrompts {
  constructor(private readonly notes: NotesService) {}

  @Prompt({ description: 'Review notes on a topic' })
  review(@Args() args: ReviewArgs): string {
    const depth = args.depth === 'detailed' ? 'Go through each note in detail.' : 'Keep it brief.';
    return `Review all notes about ${args.topic}. ${depth}`;
  }

  @Prompt({ name: 'tag-digest', description: 'Digest of the notes filed under a tag' })
  tagDigest(@Arg('tag', { description: 'The tag' }) tag: string) {
    const notes = this.notes.all().filter((note) => note.tags.includes(tag));
    return [
      { role: 'user' as const, content: { type: 'text' as const, text: `Here are my notes tagged "${tag}":` } },
      ...notes.map((note) => ({ role: 'user' as const, content: { type: 'text' as const, text: note.text } })),
      { role: 'user' as const, content: { type: 'text' as const, text: 'Write a short digest of them.' } },
    ];
  }
}
