import { describe, expect, it } from '@jest/globals';
import type { ServerContext } from '@modelcontextprotocol/server';
import { LazyRequestHandlers, type BoundRequestHandler } from './lazy-request-handlers.js';

const ctx = {} as ServerContext;

/** A table whose `wrap` records what it wrapped and stores a handler that says so. */
function table() {
  const wrapped: string[] = [];
  const handlers: LazyRequestHandlers = new LazyRequestHandlers((method, handler) => {
    wrapped.push(method);
    handlers.set(method, async (request, context) => ({ wrapped: true, inner: await (handler as (r: unknown, c: ServerContext) => Promise<unknown>)(request, context) }));
  });
  return { handlers, wrapped };
}

describe('LazyRequestHandlers', () => {
  it('wraps a registered handler on its first lookup only', async () => {
    const { handlers, wrapped } = table();
    handlers.register('ping', async () => ({ pong: true }));
    expect(handlers.has('ping')).toBe(true);
    expect(wrapped).toEqual([]);
    const first = handlers.get('ping');
    expect(handlers.get('ping')).toBe(first);
    expect(wrapped).toEqual(['ping']);
    await expect(first!({ jsonrpc: '2.0', id: 1, method: 'ping' }, ctx)).resolves.toEqual({ wrapped: true, inner: { pong: true } });
    expect(handlers.registeredHandler('ping')).not.toBe(first);
  });

  it('knows nothing of a method never registered or bound', () => {
    const { handlers, wrapped } = table();
    expect(handlers.has('tools/call')).toBe(false);
    expect(handlers.get('tools/call')).toBeUndefined();
    expect(handlers.get('constructor')).toBeUndefined();
    expect(wrapped).toEqual([]);
  });

  it('calls a bound handler with the binding, and a registration of the same method takes precedence', async () => {
    const { handlers } = table();
    const shared = new Map<string, BoundRequestHandler<{ name: string }>>([
      ['tools/list', async (binding) => ({ from: binding.name })],
      ['prompts/list', async (binding) => ({ prompts: binding.name })],
    ]);
    handlers.bind(shared, { name: 'session-1' });
    handlers.register('prompts/list', async () => ({ own: true }));
    expect(handlers.has('tools/list')).toBe(true);
    const request = { jsonrpc: '2.0' as const, id: 1, method: 'tools/list' };
    await expect(handlers.get('tools/list')!(request, ctx)).resolves.toEqual({ wrapped: true, inner: { from: 'session-1' } });
    await expect(handlers.get('prompts/list')!(request, ctx)).resolves.toEqual({ wrapped: true, inner: { own: true } });
  });

  it('forgets a deleted method, bound or registered, until it is registered again', () => {
    const { handlers } = table();
    handlers.bind(new Map<string, BoundRequestHandler<null>>([['tools/list', async () => ({})]]), null);
    handlers.register('ping', async () => ({}));
    handlers.get('ping');
    expect(handlers.delete('tools/list')).toBe(true);
    expect(handlers.delete('ping')).toBe(true);
    expect(handlers.delete('ping')).toBe(false);
    expect(handlers.has('tools/list')).toBe(false);
    expect(handlers.get('tools/list')).toBeUndefined();
    expect(handlers.get('ping')).toBeUndefined();
    handlers.register('tools/list', async () => ({ again: true }));
    expect(handlers.get('tools/list')).toBeDefined();
  });
});
