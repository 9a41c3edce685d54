import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Test, type TestingModule } from '@nestjs/testing';
import type { McpRegistry } from 'nestjs-mcp';
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

describe('McpTestClient over HTTP', () => {
  it.each(['legacy', 'modern'] as const)('starts the app on a free port and talks the %s era, finding the prefixed path', async (era) => {
    const { Test } = await import('@nestjs/testing');
    const { FastifyAdapter } = await import('@nestjs/platform-fastify');
    const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
    const app = moduleRef.createNestApplication(new FastifyAdapter(), { logger: false });
    app.setGlobalPrefix('api');
    const client = await McpTestClient.http(app, { era });
    try {
      expect(await app.getUrl()).toMatch(/^http:\/\/(127\.0\.0\.1|\[::1\]|localhost):\d+$/);
      const result = await client.callTool('addNote', { text: `via ${era}` });
      expect(result.structuredContent).toMatchObject({ text: `via ${era}`, tags: [] });
      expect((await client.readResource('notes://tags')).contents).toHaveLength(1);
    } finally {
      await client.close();
      await app.close();
    }
  });

  it('collects list_changed notifications in memory', async () => {
    const { getMcpRegistryToken } = await import('nestjs-mcp');
    const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
    const client = await McpTestClient.create(moduleRef);
    moduleRef.get<McpRegistry>(getMcpRegistryToken()).addPrompt({ name: 'hello', handler: () => 'Hello!' });
    await client.waitForNotification('notifications/prompts/list_changed');
    expect((await client.getPrompt('hello')).messages[0].content).toEqual({ type: 'text', text: 'Hello!' });
    await client.close();
    await moduleRef.close();
  });
});
