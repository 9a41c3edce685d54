import { Injectable, Module, UseGuards, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Arg, McpExecutionContext, McpModule, Prompt, Resource, Tool } from 'nestjs-mcp';
import { startApp, type RunningApp } from '../helpers/app.js';
import { ALL_CLIENTS, connect, withClients } from '../helpers/clients.js';

// resourcesAsTools / promptsAsTools: list_resources, read_resource, list_prompts and get_prompt for clients that only
// speak tools, running the real lists, reads and gets for the same caller (guards still hide and refuse).
@Injectable()
class StaffOnly implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    return McpExecutionContext.create(context).getContext().request?.headers['x-staff'] === 'yes';
  }
}

@Injectable()
class Library {
  @Resource({ uri: 'books://index', mimeType: 'application/json', description: 'Every book' })
  index() {
    return [{ id: '1', title: 'Dune' }];
  }

  @Resource({ uri: 'books://{id}', name: 'book', mimeType: 'text/plain', description: 'One book' })
  book(@Arg('id') id: string) {
    return `Book ${id}`;
  }

  @Resource({ uri: 'books://ledger', mimeType: 'text/plain', description: 'Staff only' })
  @UseGuards(StaffOnly)
  ledger() {
    return 'secret';
  }

  @Prompt({ description: 'Recommend a book' })
  recommend(@Arg('genre') genre: string) {
    return `Recommend a ${genre} book`;
  }

  @Tool({ description: 'Count the books' })
  countBooks() {
    return '1';
  }
}

@Module({ imports: [McpModule.forRoot({ name: 'library', version: '1.0.0', resourcesAsTools: true, promptsAsTools: true })], providers: [Library, StaffOnly] })
class BridgedLibrary {}

const text = (result: { content: { type: string; text?: string }[] }) => result.content[0].text;

describe.each(ALL_CLIENTS)('resources and prompts as tools (%s client)', (kind) => {
  let server: RunningApp;
  beforeAll(async () => {
    server = await startApp(BridgedLibrary);
  });
  afterAll(() => server.close());

  it('lists the four bridge tools after the app\'s own, read-only', async () => {
    await withClients([connect(kind, server.url)], async (client) => {
      const { tools } = await client.listTools();
      expect(tools.map((tool) => tool.name)).toEqual(['countBooks', 'list_resources', 'read_resource', 'list_prompts', 'get_prompt']);
      expect(tools.find((tool) => tool.name === 'read_resource').annotations).toMatchObject({ readOnlyHint: true });
    });
  });

  it('lists resources and templates as the caller sees them: a guard still hides', async () => {
    for (const [headers, uris] of [
      [{}, ['books://index']],
      [{ 'x-staff': 'yes' }, ['books://index', 'books://ledger']],
    ] as const) {
      await withClients([connect(kind, server.url, { headers })], async (client) => {
        const listed = await client.callTool('list_resources');
        expect(listed.structuredContent.resources.map((resource: { uri: string }) => resource.uri)).toEqual(uris);
        expect(listed.structuredContent.resourceTemplates).toEqual([expect.objectContaining({ uriTemplate: 'books://{id}', name: 'book' })]);
      });
    }
  });

  it('reads a resource or a template match as embedded resources, and refuses what the caller may not read', async () => {
    await withClients([connect(kind, server.url)], async (client) => {
      expect((await client.callTool('read_resource', { uri: 'books://7' })).content).toEqual([{ type: 'resource', resource: { uri: 'books://7', mimeType: 'text/plain', text: 'Book 7' } }]);
      const hidden = await client.callTool('read_resource', { uri: 'books://ledger' });
      expect(hidden.isError).toBe(true);
      const missing = await client.callTool('read_resource', { uri: 'films://1' });
      expect(missing).toMatchObject({ isError: true, content: [{ type: 'text', text: expect.stringContaining('films://1') }] });
    });
  });

  it('lists and gets prompts', async () => {
    await withClients([connect(kind, server.url)], async (client) => {
      const listed = await client.callTool('list_prompts');
      expect(listed.structuredContent.prompts).toEqual([expect.objectContaining({ name: 'recommend', arguments: [expect.objectContaining({ name: 'genre', required: true })] })]);
      const got = await client.callTool('get_prompt', { name: 'recommend', arguments: { genre: 'sci-fi' } });
      expect(got.structuredContent.messages).toEqual([{ role: 'user', content: { type: 'text', text: 'Recommend a sci-fi book' } }]);
      expect(JSON.parse(text(got)!)).toEqual(got.structuredContent);
    });
  });

  it('answers bad arguments with an error result, never a crash', async () => {
    await withClients([connect(kind, server.url)], async (client) => {
      for (const [name, args, problem] of [
        ['read_resource', {}, '"uri" must be a string'],
        ['read_resource', { uri: 7 }, '"uri" must be a string'],
        ['read_resource', { uri: 'books://1', extra: true }, 'unknown argument "extra"'],
        ['get_prompt', { name: 'recommend', arguments: { genre: 3 } }, '"arguments" must be an object of strings'],
        ['get_prompt', { name: 'recommend', arguments: {} }, 'Invalid arguments for prompt "recommend"'],
        ['get_prompt', { name: 'nope' }, 'Unknown prompt: nope'],
      ] as const) {
        const result = await client.callTool(name, args as Record<string, unknown>);
        expect({ name, result }).toEqual({ name, result: expect.objectContaining({ isError: true, content: [{ type: 'text', text: expect.stringContaining(problem) }] }) });
      }
    });
  });
});

describe('resources and prompts as tools: a clash', () => {
  it('refuses an app tool named like a bridge tool at start-up', async () => {
    @Injectable()
    class Clashing {
      @Tool({ description: 'mine' })
      list_resources() {
        return 'mine';
      }
    }
    @Module({ imports: [McpModule.forRoot({ name: 'clash', version: '1.0.0', resourcesAsTools: true })], providers: [Clashing] })
    class ClashModule {}
    const moduleRef = await Test.createTestingModule({ imports: [ClashModule] }).compile();
    await expect(moduleRef.init()).rejects.toThrow('The tool "list_resources" clashes with the resourcesAsTools tool of that name');
    await moduleRef.close();
  });
});
