import { describe, expect, it } from '@jest/globals';
import type { JSONRPCMessage } from '@modelcontextprotocol/server';
import { ProgressBeforeResponse } from './progress-before-response.js';

const call = (id: number, progressToken?: number): JSONRPCMessage =>
  ({ jsonrpc: '2.0', id, method: 'tools/call', params: { name: 't', ...(progressToken === undefined ? {} : { _meta: { progressToken } }) } }) as JSONRPCMessage;
const progress = (progressToken: number): JSONRPCMessage =>
  ({ jsonrpc: '2.0', method: 'notifications/progress', params: { progressToken, progress: 1 } }) as JSONRPCMessage;
const response = (id: number): JSONRPCMessage => ({ jsonrpc: '2.0', id, result: {} }) as JSONRPCMessage;

describe('ProgressBeforeResponse', () => {
  function setUp() {
    const written: JSONRPCMessage[] = [];
    const settles: (() => void)[] = [];
    const ordering = new ProgressBeforeResponse(() => new Promise<void>((resolve) => settles.push(resolve)));
    const send = (message: JSONRPCMessage) => ordering.send(message, async (next) => void written.push(next));
    return { ordering, written, settles, send };
  }

  it('writes a response at once when its request reported no progress', async () => {
    const { ordering, written, settles, send } = setUp();
    ordering.received(call(1, 7));
    ordering.received(call(2));
    await send(response(2));
    await send(response(1));
    expect(written).toEqual([response(2), response(1)]);
    expect(settles).toHaveLength(0);
  });

  it("holds the response of a request that reported progress until settled, and no one else's", async () => {
    const { ordering, written, settles, send } = setUp();
    ordering.received(call(1, 7));
    await send(progress(7));
    const held = send(response(1));
    await send(response(2));
    expect(written).toEqual([progress(7), response(2)]);
    settles[0]();
    await held;
    expect(written).toEqual([progress(7), response(2), response(1)]);
  });

  it('forgets a cancelled request and a token another request took over', async () => {
    const { ordering, written, settles, send } = setUp();
    ordering.received(call(1, 7));
    await send(progress(7));
    ordering.received({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 1 } } as JSONRPCMessage);
    await send(response(1));
    ordering.received(call(2, 8));
    ordering.received(call(3, 8));
    await send(progress(8));
    await send(response(2));
    expect(written).toEqual([progress(7), response(1), progress(8), response(2)]);
    expect(settles).toHaveLength(0);
  });
});
