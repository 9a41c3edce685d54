import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { ProtocolErrorCode } from '@modelcontextprotocol/server';
import { Injectable, Module } from '@nestjs/common';
import { IsString } from 'class-validator';
import { Args, McpCtx, McpModule, Resource, Tool, ToolError, type McpContext } from 'nestjs-mcp';
import { HotPathServer } from '../../libs/mcp/src/server/hot-path-server.js';
import { startApp, type RunningApp } from '../helpers/app.js';
import { connect, textOf } from '../helpers/clients.js';
import { modernPost, type ModernPostOptions } from '../helpers/raw-http.js';
import { readEvents } from '../helpers/sse.js';

/*
 * tools/call, tools/list and resources/read of 2026-07-28 requests are answered by one long-lived server on Node's
 * objects (NativeModernEndpoint, HotPathServer.serveExchange) rather than by the SDK's per-request serving. Every
 * answer must be the one the SDK gives: each request here is sent twice, once on the hot path and once with the
 * hot path turned off, and the two exchanges must match.
 */

class EchoArgs {
  @IsString()
  text!: string;
}

/** Reasons the calls waiting on their signal were aborted with. */
const aborted: unknown[] = [];

@Injectable()
class ModernTools {
  @Tool({ description: 'Echoes its text' })
  echo(@Args() args: EchoArgs) {
    return args.text;
  }

  @Tool({ description: 'Structured output', output: { type: 'object', properties: { n: { type: 'number' } }, required: ['n'] } })
  counted() {
    return { n: 3 };
  }

  @Tool({ description: 'Fails as a tool' })
  failing() {
    throw new ToolError('no luck');
  }

  @Tool({ description: 'Fails as a program' })
  crashing() {
    throw new Error('boom');
  }

  @Tool({ description: 'A result the SDK schema refuses' })
  bogus() {
    return { content: [{ type: 'bogus', text: 'x' }] };
  }

  @Tool({ description: 'Reports progress and logs at two levels' })
  async chatty(@McpCtx() ctx: McpContext) {
    await ctx.progress(1, 2, 'half');
    await ctx.log.debug('quiet');
    await ctx.log.warning('loud');
    return 'done';
  }

  @Tool({ description: 'Asks the user' })
  async asks(@McpCtx() ctx: McpContext) {
    const answer = await ctx.elicit('Sure?', { type: 'object', properties: { ok: { type: 'boolean' } }, required: ['ok'] }, { key: 'sure' });
    return `ok=${String(answer.data?.ok)}`;
  }

  @Tool({ description: 'Waits until its client goes away' })
  waits(@McpCtx() ctx: McpContext) {
    return new Promise<string>((resolve) => {
      ctx.signal.addEventListener('abort', () => {
        aborted.push(ctx.signal.reason);
        resolve('gone');
      });
    });
  }

  @Tool({ description: 'Says who asks' })
  whoAsks(@McpCtx() ctx: McpContext) {
    return `${ctx.client.info?.name} ${JSON.stringify(ctx.client.capabilities)} ${ctx.protocolVersion}`;
  }

  @Resource({ uri: 'notes://one', mimeType: 'text/plain' })
  one() {
    return 'note one';
  }
}

@Module({ imports: [McpModule.forRoot({ name: 'hot-2026', version: '1.0.0' })], providers: [ModernTools] })
class ModernModule {}

@Module({ imports: [McpModule.forRoot({ name: 'hot-2026-json', version: '1.0.0', responseMode: 'json' })], providers: [ModernTools] })
class ModernJsonModule {}

@Module({ imports: [McpModule.forRoot({ name: 'hot-2026-closing', version: '1.0.0', shutdownGraceMs: 200 })], providers: [ModernTools] })
class ClosingModule {}

/** An exchange as the client sees it: status, media type, and each JSON-RPC message it carried. */
async function exchange(response: Response): Promise<{ status: number; type: string; messages: unknown[] }> {
  const type = (response.headers.get('content-type') ?? '').split(';')[0];
  if (type === 'text/event-stream') {
    const events = await readEvents(response);
    return { status: response.status, type, messages: events.filter((event) => event.data).map((event) => JSON.parse(event.data)) };
  }
  return { status: response.status, type, messages: [JSON.parse(await response.text())] };
}

/** The request served on the hot path, then by the SDK; both exchanges. */
async function bothWays(url: URL, method: string, params: Record<string, unknown>, options: ModernPostOptions = {}) {
  const served = jest.spyOn(HotPathServer.prototype, 'serveExchange');
  const hot = await exchange(await modernPost(url, method, params, options));
  expect(served).toHaveBeenCalledTimes(1);
  served.mockRestore();
  const off = jest.spyOn(HotPathServer.prototype, 'answersExchange').mockReturnValue(false);
  const sdk = await exchange(await modernPost(url, method, params, options));
  off.mockRestore();
  return { hot, sdk };
}

const CALLS: [string, Record<string, unknown>, ModernPostOptions?][] = [
  ['tools/call', { name: 'echo', arguments: { text: 'hi' } }],
  ['tools/call', { name: 'echo', arguments: { text: 7 } }],
  ['tools/call', { name: 'echo', arguments: { text: 'hi' }, _meta: { progressToken: 'p1' } }],
  ['tools/call', { name: 'counted' }],
  ['tools/call', { name: 'failing' }],
  ['tools/call', { name: 'crashing' }],
  ['tools/call', { name: 'bogus' }],
  ['tools/call', { name: 'nope' }],
  ['tools/call', { name: 'asks' }],
  ['tools/call', { name: 'whoAsks' }, { capabilities: { sampling: {} } }],
  ['tools/call', { name: 'chatty', _meta: { progressToken: 9 } }, { meta: { 'io.modelcontextprotocol/logLevel': 'warning' } }],
  ['tools/call', { name: 'chatty', _meta: { progressToken: 9 } }, { meta: { 'io.modelcontextprotocol/logLevel': 'debug' } }],
  ['tools/call', { name: 'chatty' }],
  ['tools/list', {}],
  ['tools/list', { cursor: 'not-a-cursor' }],
  ['resources/read', { uri: 'notes://one' }],
  ['resources/read', { uri: 'notes://none' }],
];

describe.each([
  ['auto responses', ModernModule],
  ['JSON responses', ModernJsonModule],
] as const)('the 2026-07-28 hot path (%s)', (_mode, module) => {
  let server: RunningApp;
  beforeAll(async () => {
    server = await startApp(module);
  });
  afterAll(async () => {
    await server.close();
  });
  afterEach(() => {
    jest.restoreAllMocks();
  });

  it.each(CALLS.map(([method, params, options], index) => [index, method, params, options] as const))(
    '#%d %s: answered as the SDK answers it',
    async (_index, method, params, options) => {
      const { hot, sdk } = await bothWays(server.url, method, params, options);
      expect(hot).toEqual(sdk);
    },
  );

  it('asks only what the client declared it can answer: -32021 and HTTP 400 otherwise, as the SDK', async () => {
    const { hot, sdk } = await bothWays(server.url, 'tools/call', { name: 'asks' });
    expect(hot.status).toBe(400);
    expect(hot.messages[0]).toMatchObject({ error: { code: ProtocolErrorCode.MissingRequiredClientCapability } });
    expect(hot).toEqual(sdk);
    // With the capability, an input-required round (its state is new on each call).
    const asked = await exchange(await modernPost(server.url, 'tools/call', { name: 'asks' }, { capabilities: { elicitation: { form: {} } } }));
    expect(asked).toMatchObject({ status: 200, messages: [{ result: { resultType: 'input_required', inputRequests: { sure: { method: 'elicitation/create' } } } }] });
    expect(typeof (asked.messages[0] as { result: { requestState?: unknown } }).result.requestState).toBe('string');
  });

  it('aborts the call when its client goes away', async () => {
    const before = aborted.length;
    const controller = new AbortController();
    const request = modernPost(server.url, 'tools/call', { name: 'waits' }, { signal: controller.signal }).catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 150));
    controller.abort();
    await request;
    const deadline = Date.now() + 5_000;
    while (aborted.length < before + 1 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(aborted.length).toBeGreaterThan(before);
  });

  it('declines what the SDK normalises or refuses first: an encoded Mcp-Name, a mismatched one, a missing Mcp-Method', async () => {
    const served = jest.spyOn(HotPathServer.prototype, 'serveExchange');
    const encoded = await exchange(await modernPost(server.url, 'tools/call', { name: 'echo', arguments: { text: 'b64' } }, { headers: { 'mcp-name': `=?base64?${Buffer.from('echo').toString('base64')}?=` } }));
    expect(textOf((encoded.messages[0] as { result: unknown }).result)).toBe('b64');
    const mismatched = await exchange(await modernPost(server.url, 'tools/call', { name: 'echo', arguments: { text: 'x' } }, { headers: { 'mcp-name': 'counted' } }));
    expect(mismatched.status).toBe(400);
    const unnamed = await exchange(await modernPost(server.url, 'tools/call', { name: 'echo', arguments: { text: 'x' } }, { headers: { 'mcp-method': undefined } }));
    expect(unnamed.status).toBe(400);
    expect(served).not.toHaveBeenCalled();
  });
});

describe('the 2026-07-28 hot path with real clients', () => {
  let server: RunningApp;
  beforeAll(async () => {
    server = await startApp(ModernModule);
  });
  afterAll(async () => {
    await server.close();
  });

  it('serves a v2 client pinned to 2026-07-28, its input rounds included', async () => {
    const served = jest.spyOn(HotPathServer.prototype, 'serveExchange');
    const client = await connect('v2-modern', server.url, { elicitation: () => ({ action: 'accept', content: { ok: true } }) });
    try {
      expect(textOf(await client.callTool('echo', { text: 'modern' }))).toBe('modern');
      expect(textOf(await client.callTool('asks'))).toBe('ok=true');
      expect((await client.readResource('notes://one')).contents[0].text).toBe('note one');
      expect((await client.listTools()).tools.map((tool) => tool.name)).toContain('asks');
      expect(textOf(await client.callTool('whoAsks'))).toMatch(/^test-v2-modern \{.*"elicitation".*\} 2026-07-28$/);
      expect(served.mock.calls.length).toBeGreaterThanOrEqual(5);
    } finally {
      served.mockRestore();
      await client.close();
    }
  });
});

describe('the 2026-07-28 hot path at shutdown', () => {
  it('answers a call still running at the end of the grace period with an error and aborts it', async () => {
    const server = await startApp(ClosingModule);
    const before = aborted.length;
    const pending = modernPost(server.url, 'tools/call', { name: 'waits' }).then(exchange);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await server.close();
    expect((await pending).messages).toEqual([{ jsonrpc: '2.0', id: 1, error: { code: ProtocolErrorCode.InternalError, message: 'The server is shutting down' } }]);
    expect(aborted.length).toBe(before + 1);
  });
});
