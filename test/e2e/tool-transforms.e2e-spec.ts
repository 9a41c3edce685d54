import { Injectable, Module, UseGuards, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { IsArray, IsString, MinLength } from 'class-validator';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Args, Field, McpExecutionContext, McpModule, Tool, type McpToolTransform } from 'nestjs-mcp';
import { startApp, type RunningApp } from '../helpers/app.js';
import { ALL_CLIENTS, connect, withClients } from '../helpers/clients.js';

// transforms.tools: a tool shown under another name, description and annotations, with one argument renamed and two
// hidden (a fixed value, a computed one); calls are validated by the tool's own DTO and run through its pipeline.
class NoteInput {
  @IsString()
  @MinLength(1)
  @Field('The text')
  text!: string;

  @IsArray()
  @IsString({ each: true })
  @Field('Tags')
  tags!: string[];

  @IsString()
  @Field('Who wrote it')
  author!: string;
}

@Injectable()
class NoBlocked implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    return McpExecutionContext.create(context).getArguments<{ text?: string }>().text !== 'blocked';
  }
}

@Injectable()
class Notes {
  @Tool({ description: 'Add a note', annotations: { readOnlyHint: false } })
  @UseGuards(NoBlocked)
  addNote(@Args() input: NoteInput) {
    return { saved: input };
  }
}

let computed = 0;
const transform: McpToolTransform = {
  name: 'note_add',
  description: 'Save a note for later',
  annotations: { readOnlyHint: false, idempotentHint: false },
  arguments: {
    text: { name: 'content', description: 'What to remember' },
    tags: { hide: true, value: ['from-agent'] },
    author: { hide: true, compute: () => `agent-${++computed}` },
  },
};

@Module({ imports: [McpModule.forRoot({ name: 'notes', version: '1.0.0', transforms: { tools: { addNote: transform } } })], providers: [Notes, NoBlocked] })
class TransformedApp {}

describe.each(ALL_CLIENTS)('a transformed tool (%s client)', (kind) => {
  let server: RunningApp;
  beforeAll(async () => {
    server = await startApp(TransformedApp);
  });
  afterAll(() => server.close());

  it('is listed as the transform shows it', async () => {
    await withClients([connect(kind, server.url)], async (client) => {
      const [tool] = (await client.listTools()).tools;
      expect(tool).toMatchObject({ name: 'note_add', description: 'Save a note for later', annotations: { readOnlyHint: false, idempotentHint: false } });
      expect(tool.inputSchema.properties).toEqual({ content: expect.objectContaining({ type: 'string', description: 'What to remember' }) });
      expect(tool.inputSchema.required).toEqual(['content']);
    });
  });

  it('maps a call back: the renamed argument under its own name, the hidden ones filled in', async () => {
    await withClients([connect(kind, server.url)], async (client) => {
      const result = await client.callTool('note_add', { content: 'buy milk' });
      const saved = JSON.parse(result.content[0].text).saved;
      expect(saved).toEqual({ text: 'buy milk', tags: ['from-agent'], author: expect.stringMatching(/^agent-\d+$/) });
      const forged = await client.callTool('note_add', { content: 'x', tags: ['forged'], author: 'mallory', text: 'old name' });
      expect(JSON.parse(forged.content[0].text).saved).toEqual({ text: 'x', tags: ['from-agent'], author: expect.stringMatching(/^agent-\d+$/) });
      await expect(client.callTool('addNote', { text: 'x' })).rejects.toMatchObject({ code: -32602 });
    });
  });

  it("validates with the tool's own DTO and runs its guards", async () => {
    await withClients([connect(kind, server.url)], async (client) => {
      expect(await client.callTool('note_add', { content: '' })).toMatchObject({ isError: true, content: [{ text: expect.stringContaining('text must be longer') }] });
      expect(await client.callTool('note_add', { content: 'blocked' })).toMatchObject({ isError: true });
    });
  });
});

describe('transforms: mistakes refused at start-up', () => {
  it.each([
    [{ nope: {} }, 'transforms.tools names tools this server does not have: nope'],
    [{ addNote: { arguments: { missing: { name: 'x' } } } }, 'The transform of tool "addNote" names an argument it does not have: "missing"'],
    [{ addNote: { arguments: { tags: { hide: true } } } }, 'The transform of tool "addNote" hides "tags" without a value or compute()'],
    [{ addNote: { arguments: { text: { name: 'tags' } } } }, 'The transform of tool "addNote" gives two arguments the name "tags"'],
    [{ addNote: { name: 'bad name' } }, 'Invalid MCP tool name "bad name"'],
  ] as [Record<string, McpToolTransform>, string][])('%#: %s', async (tools, message) => {
    @Module({ imports: [McpModule.forRoot({ name: 'bad', version: '1.0.0', transforms: { tools } })], providers: [Notes, NoBlocked] })
    class Bad {}
    const moduleRef = await Test.createTestingModule({ imports: [Bad] }).compile();
    await expect(moduleRef.init()).rejects.toThrow(message);
    await moduleRef.close();
  });
});
