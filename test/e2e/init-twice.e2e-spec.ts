import { afterEach, describe, expect, it } from '@jest/globals';
import { Injectable, Module, type Type } from '@nestjs/common';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Test, type TestingModule } from '@nestjs/testing';
import { Arg, McpModule, Prompt, Resource, Tool, Complete, type McpCompletionRequest } from 'nestjs-mcp';
import { McpTestClient } from 'nestjs-mcp/testing';

// The README's Testing section uses one testing module twice: McpTestClient.create(moduleRef) initialises it, then
// moduleRef.createNestApplication() + McpTestClient.http(app) initialises the same container again. The second
// discovery pass must find the same provider methods already registered and do nothing.

@Injectable()
class NotesTools {
  @Tool({ description: 'Adds a note' })
  addNote(@Arg('text') text: string) {
    return `added ${text}`;
  }

  @Resource({ uri: 'notes://index' })
  index() {
    return ['a'];
  }

  @Resource({ uri: 'notes://{id}' })
  note(@Arg('id') id: string) {
    return { id };
  }

  @Prompt({ description: 'Review' })
  review(@Arg('topic') topic: string) {
    return `Review ${topic}`;
  }

  @Complete({ prompt: 'review', argument: 'topic' })
  topics({ value }: McpCompletionRequest) {
    return ['cats', 'dogs'].filter((topic) => topic.startsWith(value));
  }
}

@Injectable()
class OtherTools {
  @Tool({ name: 'addNote', description: 'Claims the same name' })
  add() {
    return 'other';
  }
}

function appModule(...providers: Type<unknown>[]): Type<unknown> {
  @Module({ imports: [McpModule.forRoot({ name: 'twice', version: '1.0.0' })], providers })
  class TwiceModule {}
  return TwiceModule;
}

describe('initialising one testing module twice', () => {
  const cleanup: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const step of cleanup.reverse()) await step();
    cleanup.length = 0;
  });

  it('McpTestClient.create(moduleRef), then createNestApplication + McpTestClient.http(app), serves both', async () => {
    const moduleRef: TestingModule = await Test.createTestingModule({ imports: [appModule(NotesTools)] }).compile();
    cleanup.push(() => moduleRef.close());
    const inMemory = await McpTestClient.create(moduleRef);
    cleanup.push(() => inMemory.close());

    const app = moduleRef.createNestApplication(new FastifyAdapter(), { logger: false });
    cleanup.push(() => app.close());
    const overHttp = await McpTestClient.http(app);
    cleanup.push(() => overHttp.close());

    for (const client of [inMemory, overHttp]) {
      expect((await client.listTools()).tools.map((tool) => tool.name)).toEqual(['addNote']);
      expect((await client.listResources()).resources.map((resource) => resource.uri)).toEqual(['notes://index']);
      expect((await client.listResourceTemplates()).resourceTemplates.map((template) => template.uriTemplate)).toEqual(['notes://{id}']);
      expect((await client.listPrompts()).prompts.map((prompt) => prompt.name)).toEqual(['review']);
      expect((await client.callTool('addNote', { text: 'hi' })).content).toEqual([{ type: 'text', text: 'added hi' }]);
      const completion = await client.client.complete({ ref: { type: 'ref/prompt', name: 'review' }, argument: { name: 'topic', value: 'c' } });
      expect(completion.completion.values).toEqual(['cats']);
    }
  });

  it('init() called twice on the same module registers nothing twice', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [appModule(NotesTools)] }).compile();
    cleanup.push(() => moduleRef.close());
    await moduleRef.init();
    const app = moduleRef.createNestApplication(new FastifyAdapter(), { logger: false });
    cleanup.push(() => app.close());
    await app.init();
    const client = await McpTestClient.create(moduleRef);
    cleanup.push(() => client.close());
    expect((await client.listTools()).tools).toHaveLength(1);
  });

  it('two different methods claiming one tool name still fail at bootstrap', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [appModule(NotesTools, OtherTools)] }).compile();
    cleanup.push(() => moduleRef.close());
    await expect(moduleRef.init()).rejects.toThrow('Duplicate MCP tool "addNote": declared by NotesTools.addNote and by OtherTools.add');
  });
});
