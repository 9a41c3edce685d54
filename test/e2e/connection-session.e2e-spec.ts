import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import { Client as ClientV2 } from '@modelcontextprotocol/client';
import { StdioClientTransport as StdioTransportV2 } from '@modelcontextprotocol/client/stdio';
import { Client as ClientV1 } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport as StdioTransportV1 } from '@modelcontextprotocol/sdk/client/stdio.js';
import { Injectable, Module } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { Arg, McpCtx, McpModule, Tool, type McpContext, type McpSessionState } from 'nestjs-mcp';
import { McpTestClient } from 'nestjs-mcp/testing';
import { textOf } from '../helpers/clients.js';

const handles: McpSessionState[] = [];

@Injectable()
class SessionTools {
  @Tool()
  async remember(@Arg('value') value: string, @McpCtx() ctx: McpContext) {
    handles.push(ctx.session);
    const previous = await ctx.session.get<string>('value');
    await ctx.session.set('value', value);
    return `previous=${previous ?? 'none'} session=${ctx.session.id ?? 'none'}`;
  }
}

@Module({ imports: [McpModule.forRoot({ name: 'sessions', version: '1.0.0' })], providers: [SessionTools] })
class SessionModule {}

describe('ctx.session per connection, in memory (McpTestClient.create)', () => {
  let moduleRef: TestingModule;
  afterEach(async () => {
    handles.length = 0;
    await moduleRef.close();
  });

  it('keeps state across the calls of one connection, apart from another connection, and drops it on close', async () => {
    moduleRef = await Test.createTestingModule({ imports: [SessionModule] }).compile();
    const first = await McpTestClient.create(moduleRef);
    const second = await McpTestClient.create(moduleRef);
    expect(textOf(await first.callTool('remember', { value: 'a' }))).toMatch(/^previous=none session=[\w-]{8,}$/);
    const again = textOf(await first.callTool('remember', { value: 'b' }));
    expect(again).toMatch(/^previous=a session=/);
    const other = textOf(await second.callTool('remember', { value: 'c' }));
    expect(other).toMatch(/^previous=none session=/);
    expect(other.split('session=')[1]).not.toBe(again.split('session=')[1]);

    const [firstHandle] = handles;
    await first.close();
    await expect(firstHandle.get('value')).resolves.toBeUndefined();
    expect(textOf(await second.callTool('remember', { value: 'd' }))).toMatch(/^previous=c /);
    await second.close();
  });
});

/** A real child process (`test/fixtures/stdio-session.mjs` on the built library, `npm run build`), as a desktop host runs it. */
describe('ctx.session per connection, over stdio', () => {
  const entry = resolve(process.cwd(), 'test/fixtures/stdio-session.mjs');
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    await Promise.all(closers.splice(0).map((close) => close()));
  });

  it('keeps state across the calls of a 2025-11-25 connection', async () => {
    const client = new ClientV1({ name: 'stdio-session-v1', version: '1.0.0' });
    await client.connect(new StdioTransportV1({ command: process.execPath, args: [entry], stderr: 'inherit' }));
    closers.push(() => client.close());
    const first = textOf(await client.callTool({ name: 'remember', arguments: { value: 'a' } }));
    expect(first).toMatch(/^previous=none session=[\w-]{8,}$/);
    const second = textOf(await client.callTool({ name: 'remember', arguments: { value: 'b' } }));
    expect(second).toBe(first.replace('previous=none', 'previous=a'));
  });

  it('keeps state across the calls of a 2026-07-28 connection', async () => {
    const client = new ClientV2({ name: 'stdio-session-v2', version: '1.0.0' }, { versionNegotiation: { mode: { pin: '2026-07-28' } } });
    await client.connect(new StdioTransportV2({ command: process.execPath, args: [entry], stderr: 'inherit' }));
    closers.push(() => client.close());
    expect(client.getNegotiatedProtocolVersion()).toBe('2026-07-28');
    const first = textOf(await client.callTool({ name: 'remember', arguments: { value: 'a' } }));
    expect(first).toMatch(/^previous=none session=[\w-]{8,}$/);
    const second = textOf(await client.callTool({ name: 'remember', arguments: { value: 'b' } }));
    expect(second).toBe(first.replace('previous=none', 'previous=a'));
  });
});
