import { connect as connectSocket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Injectable, Module, type CanActivate, type ExecutionContext, type Type } from '@nestjs/common';
import { Redis } from 'ioredis';
import { McpModule, MemoryEventStore, type McpModuleSyncOptions } from 'nestjs-mcp';
import { redisStore, RedisEventStore } from 'nestjs-mcp/redis';
import { ListenStreams } from '../../libs/mcp/src/http/listen-streams.js';
import { forgetSessionEvents, scopeEventStore } from '../../libs/mcp/src/session/session-scoped-event-store.js';
import { BasicTools, SlowEchoTools } from '../fixtures/basic.fixture.js';
import { startApp, type RunningApp } from '../helpers/app.js';
import { ACCEPT_BOTH, initializeBody, message, openSession, post, sessionHeaders } from '../helpers/raw-http.js';
import { startRedis, type RedisServer } from '../helpers/redis-server.js';
import { waitFor } from '../helpers/wait.js';

/** Anonymous unless the request names a user in `x-user`, which then becomes its principal. */
@Injectable()
class UserFromHeader implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined>; user?: unknown }>();
    const user = request.headers['x-user'];
    if (user) request.user = { sub: user };
    return true;
  }
}

function boundsModule(options: Partial<McpModuleSyncOptions>): Type<unknown> {
  @Module({
    imports: [McpModule.forRoot({ name: 'bounds', version: '1.0.0', httpGuards: [UserFromHeader], ...options })],
    providers: [BasicTools, SlowEchoTools],
  })
  class BoundsModule {}
  return BoundsModule;
}

const addCall = (id: number) => ({ jsonrpc: '2.0', id, method: 'tools/call', params: { name: 'add', arguments: { a: id, b: 1 } } });

/** The `id:` fields of an SSE response. */
async function eventIds(response: Response): Promise<string[]> {
  const text = await response.text();
  return text
    .split('\n')
    .filter((line) => line.startsWith('id: '))
    .map((line) => line.slice(4));
}

describe('resumable events of 2025 sessions stay bounded (MemoryEventStore)', () => {
  const store = new MemoryEventStore({ maxEvents: 200 });
  let server: RunningApp;

  beforeAll(async () => {
    server = await startApp(boundsModule({ eventStore: store }));
  });
  afterAll(() => server.close());

  it('keeps at most maxEvents however many POSTs (one stream each) a session sends', async () => {
    const sessionId = await openSession(server.url);
    for (let id = 1; id <= 300; id++) {
      const response = await post(server.url, addCall(id), sessionHeaders(sessionId));
      expect((await message(response)).result.content[0].text).toBe(String(id + 1));
    }
    expect(store.stats().events).toBeLessThanOrEqual(200);
    expect(store.stats().bytes).toBeGreaterThan(0);
    await fetch(server.url, { method: 'DELETE', headers: sessionHeaders(sessionId) });
  });

  it('purges a session’s streams on DELETE and keeps the other sessions’', async () => {
    const ended = await openSession(server.url);
    const kept = await openSession(server.url);
    for (let id = 1; id <= 5; id++) {
      await post(server.url, addCall(id), sessionHeaders(ended)).then((response) => response.text());
      await post(server.url, addCall(id), sessionHeaders(kept)).then((response) => response.text());
    }
    const before = store.stats();
    expect(before.sessions).toBe(2);
    const deleted = await fetch(server.url, { method: 'DELETE', headers: sessionHeaders(ended) });
    expect(deleted.status).toBe(200);
    expect(store.stats()).toMatchObject({ sessions: 1, streams: before.streams / 2, events: before.events / 2 });
    await fetch(server.url, { method: 'DELETE', headers: sessionHeaders(kept) });
    expect(store.stats()).toEqual({ sessions: 0, streams: 0, events: 0, bytes: 0 });
  });

  it('answers a resumption after an evicted stream with a clean 400 JSON-RPC error, not a 500', async () => {
    const sessionId = await openSession(server.url);
    const [primingId] = await eventIds(await post(server.url, addCall(1), sessionHeaders(sessionId)));
    expect(primingId).toBeDefined();
    for (let id = 2; id <= 150; id++) await post(server.url, addCall(id), sessionHeaders(sessionId)).then((response) => response.text());
    const resumed = await fetch(server.url, { headers: { ...sessionHeaders(sessionId), accept: 'text/event-stream', 'last-event-id': primingId } });
    expect(resumed.status).toBe(400);
    expect(await resumed.json()).toMatchObject({ jsonrpc: '2.0', error: { code: -32000 } });
    await fetch(server.url, { method: 'DELETE', headers: sessionHeaders(sessionId) });
  });
});

describe('idle sessions take their events with them', () => {
  const store = new MemoryEventStore();
  let server: RunningApp;

  beforeAll(async () => {
    server = await startApp(boundsModule({ eventStore: store, session: { idleTtlMs: 300 } }));
  });
  afterAll(() => server.close());

  it('purges the streams of a session reaped as idle', async () => {
    const sessionId = await openSession(server.url);
    await post(server.url, addCall(1), sessionHeaders(sessionId)).then((response) => response.text());
    expect(store.stats().sessions).toBe(1);
    await waitFor(() => store.stats().sessions === 0, 5_000);
    expect(store.stats()).toEqual({ sessions: 0, streams: 0, events: 0, bytes: 0 });
  });
});

describe('resumable events in Redis are purged with their session', () => {
  const prefix = `bounds-${process.pid}:`;
  let redis: RedisServer;
  let client: Redis;
  let server: RunningApp;

  beforeAll(async () => {
    redis = await startRedis();
    client = new Redis(redis.url);
    server = await startApp(boundsModule({ store: redisStore({ url: redis.url, keyPrefix: prefix }) }));
  }, 30_000);
  afterAll(async () => {
    await server?.close();
    client?.disconnect();
    await redis?.stop();
  });

  it('deletes the session’s stream keys (and their index) on DELETE, leaving other sessions’', async () => {
    const ended = await openSession(server.url);
    const kept = await openSession(server.url);
    for (let id = 1; id <= 3; id++) {
      await post(server.url, addCall(id), sessionHeaders(ended)).then((response) => response.text());
      await post(server.url, addCall(id), sessionHeaders(kept)).then((response) => response.text());
    }
    expect((await client.keys(`${prefix}events:${ended}.*`)).length).toBeGreaterThanOrEqual(3);
    expect(await client.scard(`${prefix}session-events:${ended}`)).toBeGreaterThanOrEqual(3);
    expect((await fetch(server.url, { method: 'DELETE', headers: sessionHeaders(ended) })).status).toBe(200);
    expect(await client.keys(`${prefix}events:${ended}.*`)).toEqual([]);
    expect(await client.exists(`${prefix}session-events:${ended}`)).toBe(0);
    expect((await client.keys(`${prefix}events:${kept}.*`)).length).toBeGreaterThanOrEqual(3);
  });

  it('forgets one session’s streams, directly against the store', async () => {
    const events = new RedisEventStore(client, `${prefix}unit:`, 100, 60_000);
    const mine = scopeEventStore(events, 'session-a');
    const theirs = scopeEventStore(events, 'session-b');
    const first = await mine.storeEvent('post-1', { jsonrpc: '2.0', id: 1, result: {} });
    await mine.storeEvent('_GET_stream', { jsonrpc: '2.0', method: 'notifications/tools/list_changed' });
    const kept = await theirs.storeEvent('post-1', { jsonrpc: '2.0', id: 2, result: {} });
    await forgetSessionEvents(events, 'session-a');
    expect(await client.keys(`${prefix}unit:events:session-a.*`)).toEqual([]);
    expect(await mine.getStreamIdForEventId!(first)).toBeUndefined();
    expect(await theirs.getStreamIdForEventId!(kept)).toBe('post-1');
  });
});

/** Opens a 2026-07-28 `subscriptions/listen` stream; `close()` ends it from the client side. */
async function listen(url: URL, user?: string): Promise<{ status: number; response: Response; body: () => Promise<any>; headers: Headers; close: () => void }> {
  const controller = new AbortController();
  const response = await fetch(url, {
    method: 'POST',
    signal: controller.signal,
    headers: {
      'content-type': 'application/json',
      accept: ACCEPT_BOTH,
      'mcp-protocol-version': '2026-07-28',
      'mcp-method': 'subscriptions/listen',
      ...(user ? { 'x-user': user } : {}),
    },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 9,
      method: 'subscriptions/listen',
      params: {
        notifications: { toolsListChanged: true },
        _meta: { 'io.modelcontextprotocol/protocolVersion': '2026-07-28', 'io.modelcontextprotocol/clientCapabilities': {} },
      },
    }),
  });
  return { status: response.status, response, headers: response.headers, body: () => response.json(), close: () => controller.abort() };
}

describe('2026-07-28 subscriptions/listen streams are capped', () => {
  let server: RunningApp;
  let streams: ListenStreams;

  beforeAll(async () => {
    server = await startApp(boundsModule({ limits: { maxListenStreams: 3, maxListenStreamsPerClient: 2 } }));
    streams = server.app.get(ListenStreams, { strict: false });
  });
  afterAll(() => server.close());

  it('refuses a client beyond maxListenStreamsPerClient with 429, and everyone beyond maxListenStreams with 503', async () => {
    const alice = [await listen(server.url, 'alice'), await listen(server.url, 'alice')];
    expect(alice.map((stream) => stream.status)).toEqual([200, 200]);
    const tooMany = await listen(server.url, 'alice');
    expect(tooMany.status).toBe(429);
    expect(tooMany.headers.get('retry-after')).toBeTruthy();
    expect(await tooMany.body()).toMatchObject({ jsonrpc: '2.0', id: 9, error: { code: -32000, message: expect.stringMatching(/Too Many Requests/) } });
    const bob = await listen(server.url, 'bob');
    expect(bob.status).toBe(200);
    expect(streams.stats()).toEqual({ open: 3, clients: 2 });
    const full = await listen(server.url, 'carol');
    expect(full.status).toBe(503);
    expect(full.headers.get('retry-after')).toBeTruthy();
    expect(await full.body()).toMatchObject({ id: 9, error: { code: -32000, message: expect.stringMatching(/Service Unavailable/) } });
    for (const stream of [...alice, bob]) stream.close();
    await waitFor(() => streams.stats().open === 0);
    expect(streams.stats()).toEqual({ open: 0, clients: 0 });
    const again = await listen(server.url, 'carol');
    expect(again.status).toBe(200);
    again.close();
    await waitFor(() => streams.stats().open === 0);
  });

  it('counts anonymous clients by address', async () => {
    const first = [await listen(server.url), await listen(server.url)];
    expect((await listen(server.url)).status).toBe(429);
    for (const stream of first) stream.close();
    await waitFor(() => streams.stats().open === 0);
  });

  it('never leaks a count: many streams opened and closed, some aborted at once, return it to zero', async () => {
    for (let round = 0; round < 20; round++) {
      const opened = await Promise.all(['u1', 'u2', 'u3', 'u4'].map((user) => listen(server.url, user)));
      expect(opened.filter((stream) => stream.status === 200)).toHaveLength(3);
      for (const stream of opened) stream.close();
      await waitFor(() => streams.stats().open === 0);
    }
    const aborted = Array.from({ length: 20 }, (_, index) => {
      const controller = new AbortController();
      const request = fetch(server.url, {
        method: 'POST',
        signal: controller.signal,
        headers: { 'content-type': 'application/json', accept: ACCEPT_BOTH, 'mcp-protocol-version': '2026-07-28', 'mcp-method': 'subscriptions/listen', 'x-user': `a${index}` },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'subscriptions/listen', params: { notifications: {}, _meta: { 'io.modelcontextprotocol/protocolVersion': '2026-07-28', 'io.modelcontextprotocol/clientCapabilities': {} } } }),
      }).catch(() => undefined);
      setTimeout(() => controller.abort(), index % 5);
      return request;
    });
    await Promise.all(aborted);
    await waitFor(() => streams.stats().open === 0 && streams.stats().clients === 0);
  });
});

interface RawExchange {
  text: string;
  elapsedMs: number;
  closedByServer: boolean;
}

/** Sends a request's headers and `sent` of its body over a raw socket, then stalls; resolves when the server closes. */
function stallingRequest(url: URL, body: string, sent: number, giveUpMs = 5_000): Promise<RawExchange> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = connectSocket({ host: url.hostname, port: Number(url.port) });
    let text = '';
    const giveUp = setTimeout(() => {
      socket.destroy();
      resolve({ text, elapsedMs: Date.now() - started, closedByServer: false });
    }, giveUpMs);
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (text += chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      clearTimeout(giveUp);
      resolve({ text, elapsedMs: Date.now() - started, closedByServer: true });
    });
    socket.write(
      `POST ${url.pathname} HTTP/1.1\r\nHost: ${url.host}\r\nContent-Type: application/json\r\nAccept: ${ACCEPT_BOTH}\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body.slice(0, sent)}`,
    );
  });
}

/** The body of a chunked HTTP/1.1 response. */
function dechunk(text: string): string {
  let body = '';
  let rest = text;
  for (;;) {
    const lineEnd = rest.indexOf('\r\n');
    const size = parseInt(rest.slice(0, lineEnd), 16);
    if (!size) return body;
    body += rest.slice(lineEnd + 2, lineEnd + 2 + size);
    rest = rest.slice(lineEnd + 2 + size + 2);
  }
}

/** Reads an SSE response (keep-alive comments included) for `ms`, then lets it go: did it end, when did data last come. */
async function streamingFor(response: Response, ms: number): Promise<{ ended: boolean; lastChunkAfterMs: number }> {
  const reader = response.body!.getReader();
  const started = Date.now();
  const stop = setTimeout(() => void reader.cancel(), ms);
  let lastChunkAfterMs = 0;
  try {
    for (;;) {
      const { done } = await reader.read();
      if (done) return { ended: Date.now() - started < ms, lastChunkAfterMs };
      lastChunkAfterMs = Date.now() - started;
    }
  } finally {
    clearTimeout(stop);
  }
}

describe('slow request bodies time out (limits.bodyTimeoutMs)', () => {
  const store = new MemoryEventStore();
  let server: RunningApp;

  beforeAll(async () => {
    server = await startApp(boundsModule({ eventStore: store, keepAliveMs: 100, limits: { bodyTimeoutMs: 300 } }));
  });
  afterAll(() => server.close());

  it('answers a stalled body with 408 and a JSON-RPC error, then closes the connection', async () => {
    const exchange = await stallingRequest(server.url, JSON.stringify(initializeBody()), 20);
    expect(exchange.closedByServer).toBe(true);
    expect(exchange.elapsedMs).toBeGreaterThanOrEqual(250);
    expect(exchange.elapsedMs).toBeLessThan(2_000);
    const [head, payload] = exchange.text.split('\r\n\r\n');
    expect(head).toMatch(/^HTTP\/1\.1 408 /);
    expect(head.toLowerCase()).toContain('connection: close');
    expect(JSON.parse(/transfer-encoding: chunked/i.test(head) ? dechunk(payload) : payload)).toEqual({ jsonrpc: '2.0', id: null, error: { code: -32000, message: expect.stringMatching(/^Request timeout/) } });
  });

  it('leaves a request whose body arrives in time alone, even in slow pieces', async () => {
    const body = JSON.stringify(initializeBody());
    const socket = connectSocket({ host: server.url.hostname, port: Number(server.url.port) });
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (text += chunk));
    socket.write(
      `POST ${server.url.pathname} HTTP/1.1\r\nHost: ${server.url.host}\r\nContent-Type: application/json\r\nAccept: ${ACCEPT_BOTH}\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body.slice(0, 10)}`,
    );
    await new Promise((resolve) => setTimeout(resolve, 150));
    socket.write(body.slice(10));
    await waitFor(() => text.includes('"serverInfo"'), 3_000);
    expect(text).toMatch(/^HTTP\/1\.1 200 /);
    socket.destroy();
    const response = await post(server.url, initializeBody());
    expect(response.status).toBe(200);
    await response.text();
  });

  it('does not cut a long tool call, a 2025 GET stream or a listen stream that outlive the timeout', async () => {
    const sessionId = await openSession(server.url);
    const slow = post(server.url, { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'slowEcho', arguments: { text: 'late', ms: 800 } } }, sessionHeaders(sessionId));
    const get = await fetch(server.url, { headers: { ...sessionHeaders(sessionId), accept: 'text/event-stream' } });
    expect(get.status).toBe(200);
    const listener = await listen(server.url, 'dora');
    expect(listener.status).toBe(200);
    const [getStream, listenStream] = await Promise.all([streamingFor(get, 1_000), streamingFor(listener.response, 1_000)]);
    expect(getStream).toMatchObject({ ended: false, lastChunkAfterMs: expect.any(Number) });
    expect(getStream.lastChunkAfterMs).toBeGreaterThan(600);
    expect(listenStream.ended).toBe(false);
    expect(listenStream.lastChunkAfterMs).toBeGreaterThan(600);
    expect((await message(await slow)).result.content[0].text).toBe('late');
    listener.close();
  });

  it('clears its timer on every path (no timer per request lingers)', async () => {
    const timers = () => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;
    const before = timers();
    for (let index = 0; index < 50; index++) {
      await post(server.url, initializeBody(index)).then((response) => response.text());
      await post(server.url, '{"jsonrpc": "2.0", "id": 1, "method": ').then((response) => response.text());
    }
    // Each timer would last 300 ms; measured at once, 100 leaked timers would show.
    expect(timers() - before).toBeLessThan(20);
  });
});
