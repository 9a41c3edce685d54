import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { AppModule } from '../../src/app.module.js';
import { startApp, type RunningApp } from '../helpers/app.js';
import { ALL_CLIENTS, connect, SESSION_CLIENTS, type AnyClient } from '../helpers/clients.js';
import { waitFor } from '../helpers/wait.js';

describe.each(ALL_CLIENTS)('demo server over HTTP with the %s client', (kind) => {
  let server: RunningApp;
  const clients: AnyClient[] = [];
  const open = async (handlers?: Parameters<typeof connect>[2]) => {
    const client = await connect(kind, server.url, handlers);
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    server = await startApp(AppModule);
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.close()));
  });
  afterAll(async () => {
    await server.close();
  });

  it('lists tools with their schemas, none of the admin server ones', async () => {
    const client = await open();
    const { tools } = await client.listTools();
    const names = tools.map((tool) => tool.name);
    expect(names).toEqual(expect.arrayContaining(['addNote', 'searchNotes', 'countNotes', 'reindex', 'summarizeNotes']));
    expect(names).not.toContain('clearNotes');
    expect(names).not.toContain('noteStats');
    const search = tools.find((tool) => tool.name === 'searchNotes');
    expect(search.inputSchema.required).toEqual(['query']);
    expect(search.annotations).toEqual({ readOnlyHint: true });
  });

  it('calls a tool with DTO arguments and gets validated structured content', async () => {
    const client = await open();
    const added = await client.callTool('addNote', { text: `hello from ${kind}`, tags: ['e2e'] });
    expect(added.isError).toBeFalsy();
    expect(added.structuredContent).toMatchObject({ text: `hello from ${kind}`, tags: ['e2e'] });
    expect(JSON.parse(added.content[0].text)).toEqual(added.structuredContent);
    const found = await client.callTool('searchNotes', { query: `FROM ${kind}` });
    expect(found.structuredContent.notes).toHaveLength(1);
  });

  it('reports every invalid argument by path as a tool error, not a crash', async () => {
    const client = await open();
    const result = await client.callTool('addNote', { text: '', tags: ['ok', 42] });
    expect(result.isError).toBe(true);
    expect(result.content[0].text).toMatch(/text: text must be longer than or equal to 1 characters/);
    expect(result.content[0].text).toMatch(/tags: each value in tags must be a string/);
  });

  it('answers an unknown tool with a protocol error', async () => {
    const client = await open();
    await expect(client.callTool('noSuchTool', {})).rejects.toThrow(/Unknown tool: noSuchTool/);
  });

  it('reads static resources and resource templates', async () => {
    const client = await open();
    const added = await client.callTool('addNote', { text: 'resource me', tags: ['res'] });
    const id = added.structuredContent.id;
    const { resources } = await client.listResources();
    expect(resources.map((resource) => resource.uri)).toEqual(expect.arrayContaining(['notes://index', 'notes://tags']));
    const { resourceTemplates } = await client.listResourceTemplates();
    expect(resourceTemplates).toEqual(expect.arrayContaining([expect.objectContaining({ uriTemplate: 'notes://{id}', name: 'note' })]));
    const note = await client.readResource(`notes://${id}`);
    expect(note.contents[0]).toMatchObject({ uri: `notes://${id}`, mimeType: 'application/json' });
    expect(JSON.parse(note.contents[0].text)).toMatchObject({ id, text: 'resource me' });
    const tags = await client.readResource('notes://tags');
    expect(tags.contents[0].text.split('\n')).toContain('res');
  });

  it('answers a missing resource with a protocol error', async () => {
    const client = await open();
    await expect(client.readResource('notes://00000000-0000-0000-0000-000000000000')).rejects.toThrow(/No note with id/);
    await expect(client.readResource('nowhere://x')).rejects.toThrow(/Resource not found/);
  });

  it('lists and renders prompts, validating their arguments', async () => {
    const client = await open();
    const { prompts } = await client.listPrompts();
    const review = prompts.find((prompt) => prompt.name === 'review');
    expect(review.arguments).toEqual([
      { name: 'topic', description: 'Topic to review notes about', required: true },
      { name: 'depth', description: 'How thorough the review should be', required: false },
    ]);
    const rendered = await client.getPrompt('review', { topic: 'gardening', depth: 'detailed' });
    expect(rendered.messages[0]).toEqual({
      role: 'user',
      content: { type: 'text', text: 'Review all notes about gardening. Go through each note in detail.' },
    });
    await expect(client.getPrompt('review', { depth: 'brief' })).rejects.toThrow(/topic/);
    await expect(client.getPrompt('nope')).rejects.toThrow(/Unknown prompt: nope/);
  });

  it('streams progress notifications on the request', async () => {
    const client = await open();
    const progress: { progress: number; total?: number }[] = [];
    const result = await client.callTool('reindex', { steps: 4 }, { onprogress: (update) => progress.push(update) });
    expect(result.content[0].text).toMatch(/in 4 steps/);
    expect(progress.map((update) => update.progress)).toEqual([1, 2, 3, 4]);
    expect(progress.every((update) => update.total === 4)).toBe(true);
  });

  it('stops a long tool when the client cancels it, and keeps serving', async () => {
    const client = await open();
    const controller = new AbortController();
    const call = client.callTool('reindex', { steps: 50 }, { signal: controller.signal, onprogress: () => controller.abort() });
    await expect(call).rejects.toThrow();
    const after = await client.callTool('countNotes', {});
    expect(after.content[0].text).toMatch(/note\(s\)/);
  });

  if (SESSION_CLIENTS.includes(kind)) {
    it('sends log notifications at or above the level the client set', async () => {
      const client = await open();
      await client.setLoggingLevel('info');
      await client.callTool('addNote', { text: 'logged', tags: [] });
      await waitFor(() => client.logs.length > 0);
      expect(client.logs[0]).toMatchObject({ level: 'info', data: { message: expect.stringMatching(/^Added note /) } });
      await client.setLoggingLevel('error');
      await client.callTool('addNote', { text: 'not logged', tags: [] });
      expect(client.logs).toHaveLength(1);
    });
  }

  it('round-trips sampling to the client (a server request in 2025, an input-required round in 2026)', async () => {
    const client = await open({
      sampling: (params: any) => {
        expect(params.messages[0].content.text).toMatch(/Summarize these notes/);
        return { role: 'assistant', content: { type: 'text', text: 'A fine summary.' }, model: 'test-model' };
      },
    });
    await client.callTool('addNote', { text: 'to summarize', tags: [] });
    const result = await client.callTool('summarizeNotes', {});
    expect(result.content[0].text).toBe('A fine summary.');
  });

  it('does not serve the admin tools, even called by name (they are on /admin/mcp)', async () => {
    const client = await open({ headers: { 'x-role': 'admin' } });
    expect((await client.listTools()).tools.map((tool) => tool.name)).not.toContain('clearNotes');
    await expect(client.callTool('clearNotes', {})).rejects.toThrow(/Unknown tool: clearNotes/);
    await expect(client.callTool('noteStats', {})).rejects.toThrow(/Unknown tool: noteStats/);
  });

  it('gets a clear error when the client cannot sample', async () => {
    const client = await open();
    await client.callTool('addNote', { text: 'x', tags: [] });
    if (kind === 'v2-modern') {
      await expect(client.callTool('summarizeNotes', {})).rejects.toMatchObject({ code: -32021 });
    } else {
      const result = await client.callTool('summarizeNotes', {});
      expect(result.isError).toBe(true);
      expect(result.content[0].text).toMatch(/does not support sampling/);
    }
  });

});
