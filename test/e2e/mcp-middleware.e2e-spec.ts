import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { Test } from '@nestjs/testing';
import { McpTestClient } from 'nestjs-mcp/testing';
import { BuggyMiddlewareFixtureModule, globalInterceptorMethods, MiddlewareFixtureModule, seen } from '../fixtures/middleware.fixture.js';
import { startApp, type RunningApp } from '../helpers/app.js';
import { ALL_CLIENTS, connect, type ClientKind } from '../helpers/clients.js';
import { waitFor } from '../helpers/wait.js';

describe('MCP middleware (McpModule.forRoot({ interceptors })) on every message', () => {
  let server: RunningApp;

  beforeAll(async () => {
    server = await startApp(MiddlewareFixtureModule);
  });

  afterAll(async () => {
    await server.close();
  });

  beforeEach(() => {
    seen.length = 0;
    globalInterceptorMethods.length = 0;
  });

  describe.each(ALL_CLIENTS)('over HTTP with the %s client', (kind: ClientKind) => {
    it('wraps initialize, lists, calls, reads and prompt gets, with the method, the component and a context', async () => {
      const client = await connect(kind, server.url);
      try {
        await client.listTools();
        await client.callTool('echo', { text: 'hi' });
        await client.readResource('memo://today');
        await client.getPrompt('greet', { name: 'Ada' });
      } finally {
        await client.close();
      }
      const requests = seen.filter((message) => message.type === 'request');
      const methods = requests.map((message) => message.method);
      expect(methods).toEqual(expect.arrayContaining(['tools/list', 'tools/call', 'resources/read', 'prompts/get']));
      if (kind !== 'v2-modern') expect(methods[0]).toBe('initialize');
      const call = requests.find((message) => message.method === 'tools/call')!;
      expect(call).toMatchObject({ call: 'tool:echo', hasContext: true, className: 'MiddlewareTools', era: kind === 'v2-modern' ? 'modern' : 'legacy' });
      expect(call.result).toMatchObject({ content: [{ type: 'text', text: 'hi' }] });
      expect(requests.find((message) => message.method === 'resources/read')).toMatchObject({ call: 'resource:memo://today' });
      expect(requests.find((message) => message.method === 'prompts/get')).toMatchObject({ call: 'prompt:greet' });
      expect(requests.find((message) => message.method === 'tools/list')).toMatchObject({ list: 'tools', className: 'McpServerMessages' });
    });

    it('reads method-level decorators over class-level ones through Reflector, as guards do', async () => {
      const client = await connect(kind, server.url);
      try {
        await client.callTool('echo', { text: 'x' });
        await client.callTool('plain', {});
      } finally {
        await client.close();
      }
      expect(seen.find((message) => message.call === 'tool:echo')?.audit).toBe('method-level');
      expect(seen.find((message) => message.call === 'tool:plain')?.audit).toBe('class-level');
      expect(seen.find((message) => message.method === 'tools/list')?.audit).toBeUndefined();
    });

    it('lets middleware filter and reorder a whole list before it is cut into pages', async () => {
      const client = await connect(kind, server.url);
      try {
        // SDK v2 clients follow cursors themselves; v1 is walked page by page here.
        const names: string[] = [];
        if (kind === 'v1') {
          let cursor: string | undefined;
          do {
            const page = await client.raw.listTools(cursor ? { cursor } : {});
            expect(page.tools.length).toBeLessThanOrEqual(2);
            names.push(...page.tools.map((tool: { name: string }) => tool.name));
            cursor = page.nextCursor;
          } while (cursor);
        } else {
          names.push(...(await client.listTools()).tools.map((tool) => tool.name));
        }
        expect(names).toEqual(['abortable', 'maintenance', 'plain', 'echo']);
        // The middleware saw the whole visible list, hidden tools included, once per page.
        const lists = seen.filter((message) => message.method === 'tools/list');
        expect(lists).toHaveLength(2);
        expect((lists[0].result as { tools: unknown[] }).tools).toHaveLength(4);
      } finally {
        await client.close();
      }
    });

    it('lets middleware answer in place of the handler, refuse with an MCP error, and abort the handler', async () => {
      const client = await connect(kind, server.url);
      try {
        expect((await client.callTool('maintenance', {})).content[0].text).toBe('answered by middleware');
        expect((await client.callTool('abortable', {})).content[0].text).toBe('aborted: stopped by middleware');
        if (kind !== 'v2-modern') await expect(client.raw.ping()).rejects.toThrow(/ping is closed for maintenance/);
      } finally {
        await client.close();
      }
    });

    it('keeps plain global interceptors on component calls only', async () => {
      const client = await connect(kind, server.url);
      try {
        await client.listTools();
        await client.callTool('plain', {});
        await client.listPrompts();
      } finally {
        await client.close();
      }
      expect(globalInterceptorMethods).toEqual(['tools/call']);
    });
  });

  it('wraps client notifications, with no context and no component', async () => {
    const client = await connect('v2-legacy', server.url);
    try {
      await waitFor(() => seen.some((message) => message.method === 'notifications/initialized'));
    } finally {
      await client.close();
    }
    expect(seen.find((message) => message.method === 'notifications/initialized')).toMatchObject({ type: 'notification', hasContext: false, call: undefined });
  });

  it('cuts a page with a cursor the server never minted as -32602, seen by the middleware as an error', async () => {
    const client = await connect('v2-modern', server.url);
    try {
      await expect(client.raw.listTools({ cursor: 'not-a-cursor' })).rejects.toThrow(/Invalid cursor/);
    } finally {
      await client.close();
    }
    expect(seen.filter((message) => message.method === 'tools/list')).toHaveLength(1);
  });
});

describe('A failing MCP middleware', () => {
  it('answers -32603 with the message masked (maskErrors) and keeps serving', async () => {
    const server = await startApp(BuggyMiddlewareFixtureModule);
    try {
      for (const kind of ALL_CLIENTS) {
        const client = await connect(kind, server.url);
        try {
          const failure = await client.listPrompts().then(() => undefined, (error: { code?: number; message: string }) => error);
          expect(failure?.code).toBe(-32603);
          expect(failure?.message).not.toMatch(/secret internals/);
          expect((await client.callTool('plain', {})).content[0].text).toBe('plain');
        } finally {
          await client.close();
        }
      }
    } finally {
      await server.close();
    }
  });
});

describe('MCP middleware in memory (McpTestClient)', () => {
  it('runs around calls and lists of the in-memory transport too', async () => {
    seen.length = 0;
    const moduleRef = await Test.createTestingModule({ imports: [MiddlewareFixtureModule] }).compile();
    await moduleRef.init();
    const client = await McpTestClient.create(moduleRef);
    try {
      expect((await client.listTools()).tools.map((tool) => tool.name)).toEqual(['abortable', 'maintenance', 'plain', 'echo']);
      expect((await client.callTool('maintenance')).content).toEqual([{ type: 'text', text: 'answered by middleware' }]);
    } finally {
      await client.close();
      await moduleRef.close();
    }
    expect(seen.map((message) => message.method)).toEqual(expect.arrayContaining(['initialize', 'tools/list', 'tools/call']));
    expect(seen.find((message) => message.method === 'tools/call')).toMatchObject({ call: 'tool:maintenance', era: 'legacy' });
  });
});
