import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { JSONRPCMessage, Transport } from '@modelcontextprotocol/server';
import { Test, type TestingModule } from '@nestjs/testing';
import { McpTestClient } from 'nestjs-mcp/testing';
import { hostileModule } from '../fixtures/hostile.fixture.js';
import { BAD_META, LogCapture, nestedObject } from '../helpers/hostile.js';
import { waitFor } from '../helpers/wait.js';

/** Sends raw messages on the test client's own connection and collects the replies the SDK client would not expect. */
function rawChannel(client: McpTestClient) {
  const transport = client.client.transport as Transport;
  const replies: Record<string, unknown>[] = [];
  const deliver = transport.onmessage!;
  transport.onmessage = (message, extra) => {
    const { id } = message as { id?: unknown };
    if (id === null || (typeof id === 'string' && id.startsWith('raw-'))) replies.push(message as Record<string, unknown>);
    else deliver(message, extra);
  };
  return {
    replies,
    async exchange(message: unknown): Promise<Record<string, unknown>> {
      const before = replies.length;
      await transport.send(message as JSONRPCMessage);
      await waitFor(() => replies.length > before);
      return replies[replies.length - 1];
    },
  };
}

describe('hostile input in memory (McpTestClient): every request gets its answer', () => {
  const logs = new LogCapture();
  let moduleRef: TestingModule;
  let client: McpTestClient;
  let raw: ReturnType<typeof rawChannel>;

  beforeAll(async () => {
    moduleRef = await Test.createTestingModule({ imports: [hostileModule()] }).setLogger(logs).compile();
    client = await McpTestClient.create(moduleRef);
    raw = rawChannel(client);
  });
  afterAll(async () => {
    await client.close();
    await moduleRef.close();
  });

  it('answers a `_meta` of the wrong type with -32602 and the request id', async () => {
    for (const meta of BAD_META) {
      expect(await raw.exchange({ jsonrpc: '2.0', id: 'raw-meta', method: 'tools/list', params: { _meta: meta } })).toEqual({
        jsonrpc: '2.0',
        id: 'raw-meta',
        error: { code: -32602, message: 'Invalid params for tools/list: _meta must be an object' },
      });
    }
  });

  it('answers unstructured params -32600, and params that do not fit the method a readable -32602', async () => {
    expect((await raw.exchange({ jsonrpc: '2.0', id: 'raw-params', method: 'tools/list', params: 'x' })).error).toEqual({
      code: -32600,
      message: 'Invalid Request: params must be an object',
    });
    expect((await raw.exchange({ jsonrpc: '2.0', id: 'raw-read', method: 'resources/read', params: { uri: 42 } })).error).toEqual({
      code: -32602,
      message: 'Invalid params for resources/read: uri must be a string',
    });
  });

  it('refuses 10,000 levels of nesting with -32600, and serves a message nested exactly to the limit', async () => {
    const deep = { jsonrpc: '2.0', id: 'raw-deep', method: 'tools/call', params: { name: 'depthOf', arguments: { payload: nestedObject(10_000) } } };
    expect((await raw.exchange(deep)).error).toEqual({ code: -32600, message: 'Invalid Request: nesting deeper than 64' });
    const atLimit = await client.callTool('depthOf', { payload: nestedObject(61) });
    expect(atLimit.content).toEqual([{ type: 'text', text: '61' }]);
  });

  it('answers something that is not a message with -32600 and a null id, and ignores a broken notification', async () => {
    expect(await raw.exchange(42)).toEqual({ jsonrpc: '2.0', id: null, error: { code: -32600, message: 'Invalid Request: expected one JSON-RPC message object' } });
    const replies = raw.replies.length;
    await client.client.transport!.send({ jsonrpc: '2.0', method: 'notifications/initialized', params: { _meta: 7 } } as never);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(raw.replies).toHaveLength(replies);
  });

  it('stays healthy and logs no error for any of it', async () => {
    expect((await client.callTool('add', { a: 1, b: 2 })).content).toEqual([{ type: 'text', text: '3' }]);
    expect(logs.errors()).toEqual([]);
  });
});
