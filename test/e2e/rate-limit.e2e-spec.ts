import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Test } from '@nestjs/testing';
import { McpExecutionContext, MemoryRateLimitStore, MemorySessionStore } from 'nestjs-mcp';
import { McpTestClient } from 'nestjs-mcp/testing';
import { rateLimitModule } from '../fixtures/rate-limit.fixture.js';
import { startApp, type RunningApp } from '../helpers/app.js';
import { ALL_CLIENTS, connect, SESSION_CLIENTS, type AnyClient, type ClientKind } from '../helpers/clients.js';
import { ACCEPT_BOTH, message, post } from '../helpers/raw-http.js';

const RATE_LIMITED = -32029;
const RETRY_MESSAGE = /^(MCP error -32029: )?Rate limit exceeded: retry after \d+(\.\d)? s$/;

/** Each test speaks from addresses of its own (X-Forwarded-For, honoured with `trustProxy`), so buckets never mix. */
let lastAddress = 0;
const newAddress = () => `203.0.113.${++lastAddress}`;

function connectFrom(kind: ClientKind, url: URL, address: string, headers: Record<string, string> = {}): Promise<AnyClient> {
  return connect(kind, url, { headers: { 'x-forwarded-for': address, ...headers } });
}

/** The JSON-RPC error a refused call rejected with (both SDK lines expose code, message and data). */
async function refusal(call: Promise<unknown>): Promise<{ code: number; message: string; data: { retryAfterMs: number } }> {
  const error = (await call.then(
    (result) => {
      throw new Error(`expected a refusal, got ${JSON.stringify(result)}`);
    },
    (error: unknown) => error,
  )) as { code: number; message: string; data: { retryAfterMs: number } };
  return { code: error.code, message: error.message, data: error.data };
}

async function using<T>(client: AnyClient, use: (client: AnyClient) => Promise<T>): Promise<T> {
  try {
    return await use(client);
  } finally {
    await client.close();
  }
}

describe('rate limits over HTTP (module-wide limit on calls, reads and prompt gets; trustProxy on)', () => {
  let server: RunningApp;

  beforeAll(async () => {
    server = await startApp(rateLimitModule({ rateLimit: { capacity: 3, refillMs: 60_000, methods: ['tools/call', 'resources/read', 'prompts/get'] } }), {
      trustProxy: true,
    });
  });

  afterAll(async () => {
    await server.close();
  });

  describe.each(ALL_CLIENTS)('with the %s client', (kind: ClientKind) => {
    it('refuses the call past the bucket with -32029 and data.retryAfterMs, per client address', async () => {
      const [first, second] = [newAddress(), newAddress()];
      await using(await connectFrom(kind, server.url, first), async (client) => {
        expect((await client.callTool('whereFrom', {})).content[0].text).toBe(first);
        await client.callTool('echo', { text: 'a' });
        await client.callTool('echo', { text: 'b' });
        const refused = await refusal(client.callTool('echo', { text: 'c' }));
        expect(refused.code).toBe(RATE_LIMITED);
        expect(refused.message).toMatch(RETRY_MESSAGE);
        // One token every 20 s (3 per minute): the wait is at most that, and the message says it in seconds.
        expect(refused.data.retryAfterMs).toBeGreaterThan(19_000);
        expect(refused.data.retryAfterMs).toBeLessThanOrEqual(20_000);
        expect(refused.message).toContain(`retry after ${Math.ceil(refused.data.retryAfterMs / 100) / 10} s`);
        // Lists are not in `methods`: never counted.
        expect((await client.listTools()).tools.length).toBeGreaterThan(0);
      });
      await using(await connectFrom(kind, server.url, second), async (client) => {
        expect((await client.callTool('echo', { text: 'another address' })).content[0].text).toBe('another address');
      });
    });

    it('counts an authenticated client by its principal, whatever address it comes from', async () => {
      const [home, office] = [newAddress(), newAddress()];
      await using(await connectFrom(kind, server.url, home, { authorization: `Bearer token-of-alice-${kind}` }), async (alice) => {
        for (let i = 0; i < 3; i++) await alice.callTool('echo', { text: 'x' });
      });
      await using(await connectFrom(kind, server.url, office, { authorization: `Bearer token-of-alice-${kind}` }), async (alice) => {
        expect((await refusal(alice.callTool('echo', { text: 'x' }))).code).toBe(RATE_LIMITED);
      });
      await using(await connectFrom(kind, server.url, office, { authorization: `Bearer token-of-bob-${kind}` }), async (bob) => {
        expect((await bob.callTool('echo', { text: 'bob' })).content[0].text).toBe('bob');
      });
      // Anonymous requests from alice's address have their own bucket: her principal's is not her address's.
      await using(await connectFrom(kind, server.url, home), async (anonymous) => {
        expect((await anonymous.callTool('echo', { text: 'anon' })).content[0].text).toBe('anon');
      });
    });

    it('adds a @RateLimit on top of the module-wide limit, and @RateLimit(false) waives the module-wide one', async () => {
      await using(await connectFrom(kind, server.url, newAddress()), async (client) => {
        expect((await client.callTool('sendMail', { to: 'a' })).content[0].text).toBe('sent to a');
        await client.callTool('sendMail', { to: 'b' });
        const refused = await refusal(client.callTool('sendMail', { to: 'c' }));
        expect(refused.code).toBe(RATE_LIMITED);
        // Two a minute: the next one in about 30 s.
        expect(refused.data.retryAfterMs).toBeGreaterThan(29_000);
        expect(refused.data.retryAfterMs).toBeLessThanOrEqual(30_000);
        // The refused call still took the module-wide bucket's third token.
        expect((await refusal(client.callTool('echo', { text: 'x' }))).code).toBe(RATE_LIMITED);
        for (let i = 0; i < 5; i++) expect((await client.callTool('health', {})).content[0].text).toBe('ok');
      });
    });

    it('gives each component of a @RateLimit class a bucket of its own; a method limit replaces the class one', async () => {
      await using(await connectFrom(kind, server.url, newAddress()), async (client) => {
        expect((await client.readResource('memo://today')).contents[0].text).toBe('memo');
        expect((await refusal(client.readResource('memo://today'))).code).toBe(RATE_LIMITED);
      });
      await using(await connectFrom(kind, server.url, newAddress()), async (client) => {
        expect((await client.getPrompt('greet', { name: 'Ada' })).messages[0].content.text).toBe('Hello Ada');
        expect((await refusal(client.getPrompt('greet', { name: 'Ada' }))).code).toBe(RATE_LIMITED);
      });
      await using(await connectFrom(kind, server.url, newAddress()), async (client) => {
        for (let i = 0; i < 3; i++) expect((await client.callTool('lookup', {})).content[0].text).toBe('found');
        expect((await refusal(client.callTool('lookup', {}))).code).toBe(RATE_LIMITED);
      });
    });
  });

  it("shares a by: 'tool' bucket among every client", async () => {
    const results: string[] = [];
    for (const kind of ALL_CLIENTS) {
      await using(await connectFrom(kind, server.url, newAddress()), async (client) => {
        await client.callTool('nightlyReport', {}).then(
          () => results.push('ran'),
          (error: { code: number }) => results.push(String(error.code)),
        );
      });
    }
    expect(results).toEqual(['ran', String(RATE_LIMITED), String(RATE_LIMITED)]);
  });
});

describe('rate limits keyed by the address Fastify computes', () => {
  it('ignores X-Forwarded-For without trustProxy: every client of one proxy shares its address', async () => {
    const server = await startApp(rateLimitModule({ rateLimit: { capacity: 2, refillMs: 60_000, methods: ['tools/call'], by: 'address' } }));
    try {
      await using(await connectFrom('v2-modern', server.url, '198.51.100.1'), async (client) => {
        expect((await client.callTool('whereFrom', {})).content[0].text).toBe('127.0.0.1');
        await client.callTool('echo', { text: 'x' });
      });
      await using(await connectFrom('v2-legacy', server.url, '198.51.100.2'), async (client) => {
        expect((await refusal(client.callTool('echo', { text: 'x' }))).code).toBe(RATE_LIMITED);
      });
    } finally {
      await server.close();
    }
  });
});

describe('rate limit options', () => {
  it('counts every request when no methods are given (initialize, lists, ping), refilling as configured, unmasked', async () => {
    // maskErrors (production's default) hides unexpected errors, never a refusal the client must act on.
    const server = await startApp(rateLimitModule({ rateLimit: { capacity: 2, refillMs: 600, by: 'address' }, maskErrors: true }), { trustProxy: true });
    try {
      await using(await connectFrom('v2-legacy', server.url, newAddress()), async (client) => {
        await client.listTools(); // initialize was the first token
        const refused = await refusal(client.raw.ping());
        expect(refused.code).toBe(RATE_LIMITED);
        expect(refused.message).toMatch(RETRY_MESSAGE);
        // 2 per 600 ms: a token every 300 ms.
        expect(refused.data.retryAfterMs).toBeLessThanOrEqual(300);
        await new Promise((resolve) => setTimeout(resolve, refused.data.retryAfterMs + 20));
        await expect(client.raw.ping()).resolves.toEqual({});
      });
    } finally {
      await server.close();
    }
  });

  it("keys by: 'session' per 2025 session, and by address on 2026-07-28 requests (no session)", async () => {
    const server = await startApp(rateLimitModule({ rateLimit: { capacity: 1, refillMs: 60_000, methods: ['tools/call'], by: 'session' } }), {
      trustProxy: true,
    });
    const address = newAddress();
    try {
      for (const kind of SESSION_CLIENTS) {
        // Same address, new session each time: a bucket each.
        await using(await connectFrom(kind, server.url, address), async (client) => {
          await client.callTool('echo', { text: 'x' });
          expect((await refusal(client.callTool('echo', { text: 'x' }))).code).toBe(RATE_LIMITED);
        });
      }
      await using(await connectFrom('v2-modern', server.url, address), async (client) => {
        await client.callTool('echo', { text: 'x' });
      });
      await using(await connectFrom('v2-modern', server.url, address), async (client) => {
        expect((await refusal(client.callTool('echo', { text: 'x' }))).code).toBe(RATE_LIMITED);
      });
    } finally {
      await server.close();
    }
  });

  it('keys by a function of the execution context (a tenant header here)', async () => {
    const tenantOf = (context: Parameters<typeof McpExecutionContext.create>[0]) => McpExecutionContext.create(context).getContext().request?.headers['x-tenant'];
    const server = await startApp(rateLimitModule({ rateLimit: { capacity: 1, refillMs: 60_000, methods: ['tools/call'], by: tenantOf } }), { trustProxy: true });
    try {
      await using(await connectFrom('v2-modern', server.url, newAddress(), { 'x-tenant': 'acme' }), async (client) => {
        await client.callTool('echo', { text: 'x' });
      });
      await using(await connectFrom('v1', server.url, newAddress(), { 'x-tenant': 'acme' }), async (client) => {
        expect((await refusal(client.callTool('echo', { text: 'x' }))).code).toBe(RATE_LIMITED);
      });
      await using(await connectFrom('v2-legacy', server.url, newAddress(), { 'x-tenant': 'globex' }), async (client) => {
        await client.callTool('echo', { text: 'x' });
      });
    } finally {
      await server.close();
    }
  });

  it('refuses a limit that makes no sense at startup, and a bad @RateLimit where it is declared', async () => {
    await expect(startApp(rateLimitModule({ rateLimit: { capacity: 0, refillMs: 1_000 } }))).rejects.toThrow(/rateLimit: capacity must be a whole number/);
    const { RateLimit } = await import('nestjs-mcp');
    expect(() => RateLimit({ capacity: 1, refillMs: -5 })).toThrow(/@RateLimit: refillMs must be a positive/);
  });
});

describe('rate limits under a flood of distinct client addresses', () => {
  it('keeps the in-memory store within maxBuckets while every request is still answered', async () => {
    const buckets = new MemoryRateLimitStore({ maxBuckets: 100 });
    const server = await startApp(
      rateLimitModule({
        rateLimit: { capacity: 1, refillMs: 60_000, methods: ['tools/call'] },
        store: { sessions: new MemorySessionStore(), rateLimits: buckets },
      }),
      { trustProxy: true },
    );
    try {
      const call = (address: string) =>
        post(server.url, modernCall('echo', { text: address }), { 'x-forwarded-for': address, ...modernHeaders('echo') }).then(message);
      for (let batch = 0; batch < 12; batch++) {
        const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => call(`10.${batch}.${i}.1`)));
        expect(answers.every((answer) => answer.result?.content?.[0]?.text?.startsWith('10.'))).toBe(true);
        expect(buckets.size).toBeLessThanOrEqual(100);
      }
      expect(buckets.size).toBe(100);
      // A recent client is still limited; the first ones of the flood were evicted (a fresh bucket each).
      expect((await call('10.11.49.1')).error?.code).toBe(RATE_LIMITED);
      expect((await call('10.0.0.1')).result?.content?.[0]?.text).toBe('10.0.0.1');
    } finally {
      await server.close();
    }
  });
});

describe('rate limits in memory (McpTestClient: no address, so per connection or principal)', () => {
  it('gives each connection its own bucket, and a principal one bucket across its connections', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [rateLimitModule({ rateLimit: { capacity: 2, refillMs: 60_000, methods: ['tools/call'] } })],
    }).compile();
    await moduleRef.init();
    const clients: McpTestClient[] = [];
    const open = async (options = {}) => {
      const client = await McpTestClient.create(moduleRef, options);
      clients.push(client);
      return client;
    };
    try {
      const first = await open();
      await first.callTool('echo', { text: 'x' });
      await first.callTool('echo', { text: 'x' });
      const refused = (await first.callTool('echo', { text: 'x' }).catch((error: unknown) => error)) as { code: number; data: { retryAfterMs: number } };
      expect(refused.code).toBe(RATE_LIMITED);
      expect(refused.data.retryAfterMs).toBeGreaterThan(0);
      expect((await (await open()).callTool('echo', { text: 'second connection' })).content).toEqual([{ type: 'text', text: 'second connection' }]);

      const alice = await open({ auth: { subject: 'alice', issuer: 'https://issuer.test' } });
      await alice.callTool('echo', { text: 'x' });
      await alice.callTool('echo', { text: 'x' });
      const aliceAgain = await open({ auth: { subject: 'alice', issuer: 'https://issuer.test' } });
      expect(((await aliceAgain.callTool('echo', { text: 'x' }).catch((error: unknown) => error)) as { code: number }).code).toBe(RATE_LIMITED);
    } finally {
      await Promise.all(clients.map((client) => client.close()));
      await moduleRef.close();
    }
  });
});

function modernHeaders(method: string): Record<string, string> {
  return { accept: ACCEPT_BOTH, 'mcp-protocol-version': '2026-07-28', 'mcp-method': 'tools/call', 'mcp-name': method };
}

function modernCall(name: string, args: Record<string, unknown>) {
  const _meta = {
    'io.modelcontextprotocol/protocolVersion': '2026-07-28',
    'io.modelcontextprotocol/clientInfo': { name: 'flood', version: '1.0.0' },
    'io.modelcontextprotocol/clientCapabilities': {},
  };
  return { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name, arguments: args, _meta } };
}
