import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ProtocolErrorCode } from '@modelcontextprotocol/server';
import { Injectable, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { McpCtx, McpModule, Tool, type McpContext } from 'nestjs-mcp';
import { McpTestClient } from 'nestjs-mcp/testing';
import { startApp, type RunningApp } from '../helpers/app.js';
import { connect, SESSION_CLIENTS, textOf, type AnyClient } from '../helpers/clients.js';
import { message, openSession, post, sessionHeaders } from '../helpers/raw-http.js';

/*
 * tools/call, tools/list and resources/read of a 2025 connection are dispatched by the server itself (HotPathServer)
 * rather than by the SDK. What the SDK did on that path must still happen: result checks, cancellation, the
 * connection's log level, and the SDK's own answer for every request the hot path declines.
 */

/** Calls waiting on their signal, and the reason each one was aborted with. */
const aborted: string[] = [];

@Injectable()
class HotTools {
  @Tool({ description: 'Logs at two levels' })
  async twoLevels(@McpCtx() ctx: McpContext) {
    await ctx.log.debug('quiet');
    await ctx.log.warning('loud');
    return 'logged';
  }

  @Tool({ description: 'A full result with a content block of no known type' })
  bogus() {
    return { content: [{ type: 'bogus', text: 'x' }] };
  }

  @Tool({ description: 'A full result with annotations (checked by the SDK schema)' })
  annotated() {
    return { content: [{ type: 'text', text: 'for you', annotations: { audience: ['user'], priority: 0.5 } }] };
  }

  @Tool({ description: 'Waits until cancelled' })
  waitForCancel(@McpCtx() ctx: McpContext) {
    return new Promise<string>((resolve) => {
      ctx.signal.addEventListener('abort', () => {
        aborted.push(ctx.requestId.toString());
        resolve('cancelled');
      });
    });
  }
}

@Module({ imports: [McpModule.forRoot({ name: 'hot', version: '1.0.0' })], providers: [HotTools] })
class HotModule {}

@Module({ imports: [McpModule.forRoot({ name: 'hot-json', version: '1.0.0', responseMode: 'json' })], providers: [HotTools] })
class HotJsonModule {}

/** What a rejected call carried on the wire. */
const errorOf = (call: Promise<unknown>) =>
  call.then(
    (result) => {
      throw new Error(`the call succeeded: ${JSON.stringify(result)}`);
    },
    (error: { code?: number; message: string }) => ({ code: error.code, message: error.message }),
  );

async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

@Module({ imports: [McpModule.forRoot({ name: 'hot-stateless', version: '1.0.0', stateless: true })], providers: [HotTools] })
class HotStatelessModule {}

describe.each([
  ['SSE answers', HotModule],
  ['JSON answers', HotJsonModule],
  ['the stateless option', HotStatelessModule],
] as const)('the hot path over HTTP (%s)', (_mode, module) => {
  let server: RunningApp;
  beforeAll(async () => {
    server = await startApp(module);
  });
  afterAll(async () => {
    await server.close();
  });

  it.each(SESSION_CLIENTS)('%s: a result the SDK schema refuses is refused as before; one it accepts arrives whole', async (kind) => {
    const client: AnyClient = await connect(kind, server.url);
    try {
      expect(await errorOf(client.callTool('bogus'))).toEqual({ code: ProtocolErrorCode.InvalidParams, message: expect.stringContaining('Invalid tools/call result') });
      const annotated = await client.callTool('annotated');
      expect(annotated.content).toEqual([{ type: 'text', text: 'for you', annotations: { audience: ['user'], priority: 0.5 } }]);
      expect((await client.listTools()).tools.map((tool) => tool.name)).toEqual(expect.arrayContaining(['twoLevels', 'bogus', 'annotated', 'waitForCancel']));
    } finally {
      await client.close();
    }
  });

  // Without a session a cancellation arrives on another exchange, served by another server instance (as with the SDK).
  if (module !== HotStatelessModule) {
    it.each(SESSION_CLIENTS)('%s: cancelling a call aborts its signal', async (kind) => {
      const client = await connect(kind, server.url);
      const before = aborted.length;
      try {
        const controller = new AbortController();
        const call = client.callTool('waitForCancel', {}, { signal: controller.signal }).catch((error: Error) => error);
        await new Promise((resolve) => setTimeout(resolve, 100));
        controller.abort('enough');
        expect(await call).toBeInstanceOf(Error);
        await until(() => aborted.length > before);
      } finally {
        await client.close();
      }
    });
  }

  it('declined params get the SDK answer: a task on a tool without task support, a reserved _meta key, an unknown member', async () => {
    const headers = module === HotStatelessModule ? { 'mcp-protocol-version': '2025-11-25' } : sessionHeaders(await openSession(server.url));
    const call = (params: unknown) => post(server.url, { jsonrpc: '2.0', id: 9, method: 'tools/call', params }, headers).then(message);
    expect((await call({ name: 'annotated', task: { ttl: 1000 } })).error).toMatchObject({ code: ProtocolErrorCode.MethodNotFound, message: expect.stringContaining('does not support task execution') });
    const related = await call({ name: 'annotated', _meta: { 'io.modelcontextprotocol/related-task': { taskId: 't-1' } } });
    expect(textOf(related.result)).toBe('for you');
    const extra = await call({ name: 'annotated', unexpected: 1 });
    expect(textOf(extra.result)).toBe('for you');
    expect((await call({ name: 'annotated', arguments: [] })).error).toMatchObject({ code: ProtocolErrorCode.InvalidParams });
  });
});

describe('the hot path in memory', () => {
  let moduleRef: Awaited<ReturnType<ReturnType<typeof Test.createTestingModule>['compile']>>;
  beforeAll(async () => {
    moduleRef = await Test.createTestingModule({ imports: [HotModule] }).compile();
  });
  afterAll(async () => {
    await moduleRef.close();
  });

  it('honours the level the connection set with logging/setLevel', async () => {
    const client = await McpTestClient.create(moduleRef);
    try {
      await client.callTool('twoLevels');
      expect(client.logs.map((log) => log.data)).toEqual(['quiet', 'loud']);
      await client.setLoggingLevel('warning');
      await client.callTool('twoLevels');
      expect(client.logs.map((log) => log.data)).toEqual(['quiet', 'loud', 'loud']);
    } finally {
      await client.close();
    }
  });

  it('aborts a call when the client cancels it, and the calls still running when the connection closes', async () => {
    const client = await McpTestClient.create(moduleRef);
    const before = aborted.length;
    const controller = new AbortController();
    const cancelled = client.callTool('waitForCancel', {}, { signal: controller.signal }).catch((error: Error) => error);
    await new Promise((resolve) => setTimeout(resolve, 50));
    controller.abort('enough');
    expect(await cancelled).toBeInstanceOf(Error);
    await until(() => aborted.length === before + 1);
    const running = client.callTool('waitForCancel').catch((error: Error) => error);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await client.close();
    expect(await running).toBeInstanceOf(Error);
    await until(() => aborted.length === before + 2);
  });
});
