import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Test, type TestingModule } from '@nestjs/testing';
import { McpTestClient } from 'nestjs-mcp/testing';
import { AppModule } from '../../src/app.module.js';

describe('McpTestClient in memory (demo app)', () => {
  let moduleRef: TestingModule;
  let client: McpTestClient;

  beforeAll(async () => {
    moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
    client = await McpTestClient.create(moduleRef);
  });

  afterAll(async () => {
    await client.close();
    await moduleRef.close();
  });

  it('lists the demo tools with DTO-derived schemas', async () => {
    const { tools } = await client.listTools();
    const names = tools.map((tool) => tool.name);
    expect(names).toEqual(expect.arrayContaining(['addNote', 'searchNotes', 'countNotes', 'reindex', 'summarizeNotes']));
    expect(names).not.toContain('clearNotes');
    const addNote = tools.find((tool) => tool.name === 'addNote')!;
    expect(addNote.inputSchema).toMatchObject({
      type: 'object',
      properties: { text: { type: 'string', minLength: 1, maxLength: 2000 }, tags: { type: 'array', items: { type: 'string' } } },
      required: ['text'],
    });
    expect(addNote.outputSchema).toMatchObject({ type: 'object', required: expect.arrayContaining(['id', 'text']) });
  });

  it('calls a tool and returns structured content', async () => {
    const result = await client.callTool('addNote', { text: 'hi', tags: ['x'] });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({ text: 'hi', tags: ['x'] });
  });
});
