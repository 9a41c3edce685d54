import { describe, expect, it } from '@jest/globals';
import type { JSONRPCMessage } from '@modelcontextprotocol/server';
import { ClientFence } from './client-fence.js';

const initialize = { jsonrpc: '2.0', id: 0, method: 'initialize', params: {} } as JSONRPCMessage;

describe('ClientFence', () => {
  function setUp() {
    const written: JSONRPCMessage[] = [];
    const fence = new ClientFence(async (message) => void written.push(message));
    return { fence, written };
  }

  it('on a 2025 connection, settles when the client answers its ping, and keeps the answer from the SDK', async () => {
    const { fence, written } = setUp();
    expect(fence.received(initialize)).toBe(false);
    let settled = false;
    const settling = fence.settle(performance.now()).then(() => (settled = true));
    await Promise.resolve();
    expect(written).toEqual([{ jsonrpc: '2.0', id: expect.stringMatching(/^nestjs-mcp:fence:/), method: 'ping' }]);
    expect(settled).toBe(false);
    expect(fence.received({ jsonrpc: '2.0', id: 5, result: {} } as JSONRPCMessage)).toBe(false);
    expect(fence.received({ jsonrpc: '2.0', id: (written[0] as { id: string }).id, result: {} } as JSONRPCMessage)).toBe(true);
    await settling;
    expect(settled).toBe(true);
  });

  it('lets held responses go when the connection closes', async () => {
    const { fence } = setUp();
    fence.received(initialize);
    const settling = fence.settle(performance.now());
    fence.release();
    await expect(settling).resolves.toBeUndefined();
  });

  it('without initialize (2026-07-28), never pings', async () => {
    const { fence, written } = setUp();
    await fence.settle(performance.now() - 1_000);
    expect(written).toEqual([]);
  });
});
