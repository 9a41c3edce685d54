import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ValidationPipe } from '@nestjs/common';
import { CountingInterceptor, EnhancersFixtureModule, MaskedErrorsFixtureModule } from '../fixtures/enhancers.fixture.js';
import { startApp, type RunningApp } from '../helpers/app.js';
import { connect, type AnyClient } from '../helpers/clients.js';
import { waitFor } from '../helpers/wait.js';

describe('Nest enhancers on MCP calls (over HTTP, SDK v2 client)', () => {
  let server: RunningApp;
  let client: AnyClient;

  beforeAll(async () => {
    server = await startApp(EnhancersFixtureModule, {
      configure: (app) => {
        app.useGlobalInterceptors(new CountingInterceptor());
        app.useGlobalPipes(new ValidationPipe({ transform: true }));
      },
    });
    client = await connect('v2-legacy', server.url);
  });

  afterAll(async () => {
    await client.close();
    await server.close();
  });

  it('validates and transforms @Args() into the DTO, with @McpCtx() beside it (global ValidationPipe on)', async () => {
    const result = await client.callTool('echo', { text: 'hey', times: 2 });
    expect(JSON.parse(result.content[0].text)).toEqual({ echoed: 'hey hey', isDto: true, hasContext: true });
    const invalid = await client.callTool('echo', { text: 'hey', times: 9 });
    expect(invalid.isError).toBe(true);
    expect(invalid.content[0].text).toMatch(/times: times must not be greater than 3/);
  });

  it('hides a tool whose method guard denies the caller, and refuses calls to it', async () => {
    const names = (await client.listTools()).tools.map((tool) => tool.name);
    expect(names).not.toContain('secret');
    const result = await client.callTool('secret', {});
    expect(result).toMatchObject({ isError: true, content: [{ type: 'text', text: 'Forbidden resource' }] });
  });

  it('shows the guarded tool to a caller the guard admits', async () => {
    const allowed = await connect('v1', server.url, { headers: { 'x-allow': 'yes' } });
    try {
      expect((await allowed.listTools()).tools.map((tool) => tool.name)).toContain('secret');
      expect((await allowed.callTool('secret', {})).content[0].text).toBe('the secret');
    } finally {
      await allowed.close();
    }
  });

  it('hides and refuses guarded resources, templates and prompts the same way', async () => {
    expect((await client.listResources()).resources.map((resource) => resource.uri)).not.toContain('secret://plans');
    expect((await client.listResourceTemplates()).resourceTemplates).toEqual([]);
    expect((await client.listPrompts()).prompts.map((prompt) => prompt.name)).not.toContain('secretPrompt');
    await expect(client.readResource('secret://plans')).rejects.toThrow(/Forbidden resource/);
    await expect(client.getPrompt('secretPrompt')).rejects.toThrow(/Forbidden resource/);
    const allowed = await connect('v2-modern', server.url, { headers: { 'x-allow': 'yes' } });
    try {
      expect((await allowed.listResources()).resources.map((resource) => resource.uri)).toContain('secret://plans');
      expect((await allowed.listResourceTemplates()).resourceTemplates.map((template) => template.uriTemplate)).toEqual(['secret://files/{name}']);
      expect((await allowed.readResource('secret://files/a.txt')).contents[0].text).toBe('file a.txt');
      expect((await allowed.getPrompt('secretPrompt')).messages[0].content.text).toBe('psst');
    } finally {
      await allowed.close();
    }
  });

  it('refuses a result that breaks the output schema, as a tool error', async () => {
    const result = await client.callTool('badOutput', {});
    expect(result.isError).toBe(true);
    expect(result.content[0].text).toMatch(/does not match its output schema[\s\S]*text: text must be a string[\s\S]*times: times must not be greater than 3/);
  });

  it('applies APP_GUARD global guards to tools (listing and calling)', async () => {
    expect((await client.listTools()).tools.map((tool) => tool.name)).not.toContain('blockedGlobally');
    expect((await client.callTool('blockedGlobally', {})).isError).toBe(true);
  });

  it('runs method interceptors around the call', async () => {
    expect((await client.callTool('wrapped', {})).content[0].text).toBe('wrapped(wrapped: inner)');
  });

  it('runs global interceptors registered with app.useGlobalInterceptors()', async () => {
    const before = CountingInterceptor.calls;
    await client.callTool('wrapped', {});
    expect(CountingInterceptor.calls).toBe(before + 1);
  });

  it('lets an exception filter turn an exception into the result', async () => {
    expect(await client.callTool('teapot', {})).toMatchObject({
      isError: true,
      content: [{ type: 'text', text: 'filtered teapot in teapot' }],
    });
  });

  it('applies @UsePipes() and parameter pipes to arguments', async () => {
    expect((await client.callTool('shout', { word: 'hi' })).content[0].text).toBe('HI');
    expect((await client.callTool('loud', { word: 'hi' })).content[0].text).toBe('HI!');
  });

  it('maps errors: HttpException messages shown, plain errors shown in development, McpError as protocol error', async () => {
    expect(await client.callTool('boom', {})).toMatchObject({ isError: true, content: [{ text: 'kaboom: internal detail' }] });
    expect(await client.callTool('badRequest', {})).toMatchObject({ isError: true, content: [{ text: 'first problem\nsecond problem' }] });
    expect(await client.callTool('forbidden', {})).toMatchObject({ isError: true, content: [{ text: 'not for you' }] });
    await expect(client.callTool('protocolError', {})).rejects.toMatchObject({ code: -32602, message: expect.stringMatching(/deliberately invalid/) });
  });

  it('creates a fresh request-scoped provider per call, with the McpContext as REQUEST', async () => {
    const first = JSON.parse((await client.callTool('whoAmI', {})).content[0].text);
    const second = JSON.parse((await client.callTool('whoAmI', {})).content[0].text);
    expect(first.method).toBe('tools/call');
    expect(second.instance).toBeGreaterThan(first.instance);
  });

  it('registers tools at run time through the pipeline and notifies list_changed', async () => {
    const changes: string[] = [];
    client.raw.setNotificationHandler('notifications/tools/list_changed', () => {
      changes.push('tools');
    });
    expect(await client.callTool('registerGreeter', { greeting: 'Hello' })).toMatchObject({ content: [{ text: 'registered' }] });
    await waitFor(() => changes.length === 1);
    expect((await client.listTools()).tools.map((tool) => tool.name)).toContain('greeter');
    expect((await client.callTool('greeter', { name: 'Ada' })).content[0].text).toBe('Hello, Ada');
    expect((await client.callTool('greeter', {})).isError).toBe(true);
    const counted = CountingInterceptor.calls;
    await client.callTool('greeter', { name: 'Bob' });
    expect(CountingInterceptor.calls).toBe(counted + 1);
    expect((await client.callTool('unregisterGreeter', {})).content[0].text).toBe('removed');
    await waitFor(() => changes.length === 2);
    await expect(client.callTool('greeter', { name: 'Ada' })).rejects.toThrow(/Unknown tool/);
  });
});

describe('error masking in production mode', () => {
  let server: RunningApp;
  let client: AnyClient;

  beforeAll(async () => {
    server = await startApp(MaskedErrorsFixtureModule);
    client = await connect('v1', server.url);
  });

  afterAll(async () => {
    await client.close();
    await server.close();
  });

  it('hides unexpected error messages but keeps HttpException messages', async () => {
    expect(await client.callTool('boom', {})).toMatchObject({ isError: true, content: [{ text: 'Internal error' }] });
    expect(await client.callTool('forbidden', {})).toMatchObject({ isError: true, content: [{ text: 'not for you' }] });
  });
});
