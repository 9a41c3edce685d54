import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { Injectable, Logger, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Redis } from 'ioredis';
import { redisStore, RedisSessionStore, RedisTaskStore } from 'nestjs-mcp/redis';
import { ISSUER, principalsModule, tokenOf } from '../fixtures/principals.fixture.js';
import { startApp, type RunningApp } from '../helpers/app.js';
import { ACCEPT_BOTH, initializeBody, message, post, sessionHeaders, TASKS_EXTENSION } from '../helpers/raw-http.js';
import { startRedis, type RedisServer } from '../helpers/redis-server.js';
import { readEvents } from '../helpers/sse.js';
import { LegacySessions } from '../../libs/mcp/src/http/sessions/legacy-sessions.js';

type User = 'alice' | 'bob' | undefined;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const TASKS = { extensions: { [TASKS_EXTENSION]: {} } };
const LEGACY = { 'mcp-protocol-version': '2025-11-25' };

function as(user: User): Record<string, string> {
  return user ? { authorization: `Bearer ${tokenOf(user)}` } : {};
}

/** What a client can observe of a response: status, content type and the exact body. */
async function observed(response: Response) {
  return { status: response.status, contentType: response.headers.get('content-type'), body: await response.text() };
}

async function initializeAs(url: URL, user: User): Promise<Response> {
  return post(url, initializeBody(), as(user));
}

/** Opens a 2025 session as `user` (anonymous when undefined) and returns its id. */
async function openSessionAs(url: URL, user: User): Promise<string> {
  const response = await initializeAs(url, user);
  const sessionId = response.headers.get('mcp-session-id');
  await response.text();
  if (!sessionId) throw new Error(`no session id (HTTP ${response.status})`);
  await post(url, { jsonrpc: '2.0', method: 'notifications/initialized' }, { ...sessionHeaders(sessionId), ...as(user) }).then((r) => r.text());
  return sessionId;
}

function onSession(url: URL, sessionId: string, user: User, body: unknown): Promise<Response> {
  return post(url, body, { ...sessionHeaders(sessionId), ...as(user) });
}

function listTools(id = 7) {
  return { jsonrpc: '2.0', id, method: 'tools/list' };
}

function getOnSession(url: URL, sessionId: string, user: User, headers: Record<string, string> = {}, signal?: AbortSignal): Promise<Response> {
  return fetch(url, { headers: { ...sessionHeaders(sessionId), ...as(user), accept: 'text/event-stream', ...headers }, signal });
}

function deleteSession(url: URL, sessionId: string, user: User): Promise<Response> {
  return fetch(url, { method: 'DELETE', headers: { ...sessionHeaders(sessionId), ...as(user) } });
}

/** One 2026-07-28 request as `user`, answered as one JSON-RPC message. */
async function modernAs(url: URL, user: User, method: string, params: Record<string, unknown>, capabilities: object = TASKS): Promise<any> {
  const name = params.name ?? params.taskId;
  const headers = { 'mcp-protocol-version': '2026-07-28', 'mcp-method': method, ...(name !== undefined ? { 'mcp-name': String(name) } : {}), ...as(user) };
  const _meta = {
    'io.modelcontextprotocol/protocolVersion': '2026-07-28',
    'io.modelcontextprotocol/clientInfo': { name: 'raw', version: '1.0.0' },
    'io.modelcontextprotocol/clientCapabilities': capabilities,
  };
  return message(await post(url, { jsonrpc: '2.0', id: 1, method, params: { ...params, _meta } }, headers));
}

/** One request of the 2025 stateless mode as `user`. */
async function statelessAs(url: URL, user: User, id: number, method: string, params: Record<string, unknown> = {}): Promise<any> {
  return message(await post(url, { jsonrpc: '2.0', id, method, params }, { ...LEGACY, ...as(user) }));
}

function expectUnknownTask(answer: any, taskId: string): void {
  expect(answer.error).toEqual({ code: -32602, message: `Unknown task: ${taskId}`, data: { taskId } });
}

type WarnSpy = jest.Spied<(message: unknown, ...rest: unknown[]) => void>;

/** Warn lines about refused sessions (the Nest logger is shared by the app under test). */
function refusalWarnings(spy: WarnSpy): string[] {
  return spy.mock.calls.map((call) => String(call[0])).filter((line) => line.startsWith('Refused session'));
}

describe('sessions bound to the principal that opened them', () => {
  let server: RunningApp;
  let warn: WarnSpy;

  beforeAll(async () => {
    server = await startApp(principalsModule());
  });
  afterAll(() => server.close());
  beforeEach(() => {
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => warn.mockRestore());

  it("answers another principal's (or an anonymous) POST on a session exactly as an unknown session, and logs it without the token", async () => {
    const sessionId = await openSessionAs(server.url, 'alice');
    const unknown = await observed(await onSession(server.url, randomUUID(), 'bob', listTools()));
    expect(unknown).toEqual({
      status: 404,
      contentType: 'application/json',
      body: JSON.stringify({ jsonrpc: '2.0', error: { code: -32001, message: 'Session not found' }, id: 7 }),
    });
    expect(await observed(await onSession(server.url, sessionId, 'bob', listTools()))).toEqual(unknown);
    expect(await observed(await onSession(server.url, sessionId, undefined, listTools()))).toEqual(unknown);
    expect((await onSession(server.url, sessionId, 'alice', listTools())).status).toBe(200);

    const lines = refusalWarnings(warn);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain(sessionId.slice(0, 8));
    expect(lines[0]).toContain(`sub:${ISSUER}#bob`);
    expect(lines[1]).toContain('anonymous');
    for (const line of lines) {
      expect(line).not.toContain(sessionId);
      expect(line).not.toContain(tokenOf('alice'));
      expect(line).not.toContain(tokenOf('bob'));
    }
  });

  it("refuses another principal's GET: the standalone stream and a replay with Last-Event-ID", async () => {
    const sessionId = await openSessionAs(server.url, 'alice');
    const call = await onSession(server.url, sessionId, 'alice', { jsonrpc: '2.0', id: 77, method: 'tools/call', params: { name: 'pollMe', arguments: {} } });
    const first = await readEvents(call);
    const lastEventId = [...first].reverse().find((event) => event.id)!.id!;
    await new Promise((resolve) => setTimeout(resolve, 300));

    const unknown = await observed(await getOnSession(server.url, randomUUID(), 'bob'));
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.body).error).toEqual({ code: -32001, message: 'Session not found' });
    expect(await observed(await getOnSession(server.url, sessionId, 'bob'))).toEqual(unknown);
    expect(await observed(await getOnSession(server.url, sessionId, 'bob', { 'last-event-id': lastEventId }))).toEqual(unknown);
    expect(await observed(await getOnSession(server.url, sessionId, undefined, { 'last-event-id': lastEventId }))).toEqual(unknown);
    expect(refusalWarnings(warn)).toHaveLength(3);

    const replay = await getOnSession(server.url, sessionId, 'alice', { 'last-event-id': lastEventId });
    expect(replay.status).toBe(200);
    const replayed = await readEvents(replay, (events) => events.some((event) => event.data.includes('"id":77')));
    expect(replayed.some((event) => event.data.includes('finished after the stream closed'))).toBe(true);
    const stop = new AbortController();
    const standalone = await getOnSession(server.url, sessionId, 'alice', {}, stop.signal);
    expect(standalone.status).toBe(200);
    stop.abort();
  });

  it("refuses another principal's DELETE, and the session survives it", async () => {
    const sessionId = await openSessionAs(server.url, 'alice');
    const unknown = await observed(await deleteSession(server.url, randomUUID(), 'bob'));
    expect(unknown.status).toBe(404);
    expect(await observed(await deleteSession(server.url, sessionId, 'bob'))).toEqual(unknown);
    expect(await observed(await deleteSession(server.url, sessionId, undefined))).toEqual(unknown);
    expect((await onSession(server.url, sessionId, 'alice', listTools())).status).toBe(200);
    expect((await deleteSession(server.url, sessionId, 'alice')).status).toBe(200);
    expect((await onSession(server.url, sessionId, 'alice', listTools())).status).toBe(404);
  });

  it('leaves an anonymous session usable by whoever holds its id', async () => {
    const sessionId = await openSessionAs(server.url, undefined);
    const response = await onSession(server.url, sessionId, undefined, listTools());
    expect(response.status).toBe(200);
    expect((await message(response)).result.tools.length).toBeGreaterThan(0);
    expect(refusalWarnings(warn)).toEqual([]);
  });

  it("keeps a 2025 session's tasks from other principals: get, result, cancel and list", async () => {
    const alice = await openSessionAs(server.url, 'alice');
    const bob = await openSessionAs(server.url, 'bob');
    const created = await message(
      await onSession(server.url, alice, 'alice', { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'longTask', arguments: {}, task: {} } }),
    );
    const { taskId } = created.result.task;
    expect(taskId).toMatch(UUID);
    for (const [id, method] of [[2, 'tasks/get'], [3, 'tasks/result'], [4, 'tasks/cancel']] as const) {
      expectUnknownTask(await message(await onSession(server.url, bob, 'bob', { jsonrpc: '2.0', id, method, params: { taskId } })), taskId);
    }
    const bobsList = await message(await onSession(server.url, bob, 'bob', { jsonrpc: '2.0', id: 5, method: 'tasks/list', params: {} }));
    expect(bobsList.result.tasks).toEqual([]);
    const alicesList = await message(await onSession(server.url, alice, 'alice', { jsonrpc: '2.0', id: 6, method: 'tasks/list', params: {} }));
    expect(alicesList.result.tasks).toEqual([expect.objectContaining({ taskId, status: 'working' })]);
    const cancelled = await message(await onSession(server.url, alice, 'alice', { jsonrpc: '2.0', id: 7, method: 'tasks/cancel', params: { taskId } }));
    expect(cancelled.result.status).toBe('cancelled');
  });

  it("keeps a 2026-07-28 task from other principals of the same OAuth client: get, update and cancel", async () => {
    const created = await modernAs(server.url, 'alice', 'tools/call', { name: 'longTask', arguments: {} });
    const { taskId } = created.result;
    expect(taskId).toMatch(UUID);
    expectUnknownTask(await modernAs(server.url, 'bob', 'tasks/get', { taskId }), taskId);
    expectUnknownTask(await modernAs(server.url, 'bob', 'tasks/update', { taskId, inputResponses: {} }), taskId);
    expectUnknownTask(await modernAs(server.url, 'bob', 'tasks/cancel', { taskId }), taskId);
    expectUnknownTask(await modernAs(server.url, undefined, 'tasks/get', { taskId }), taskId);
    expect((await modernAs(server.url, 'alice', 'tasks/get', { taskId })).result).toMatchObject({ taskId, status: 'working' });
    expect((await modernAs(server.url, 'alice', 'tasks/cancel', { taskId })).result).toMatchObject({ resultType: 'complete' });
  });

  it('never lists an anonymous 2026-07-28 task, and reaches it by its id only', async () => {
    const created = await modernAs(server.url, undefined, 'tools/call', { name: 'slowSquare', arguments: { n: 5 } });
    const { taskId } = created.result;
    expect(taskId).toMatch(UUID);
    const listed = await modernAs(server.url, undefined, 'tasks/list', {});
    expect(JSON.stringify(listed)).not.toContain(taskId);
    expect((await modernAs(server.url, undefined, 'tasks/get', { taskId })).result).toMatchObject({ taskId });
    expectUnknownTask(await modernAs(server.url, 'alice', 'tasks/get', { taskId }), taskId);
  });
});

describe('tasks of the 2025 stateless mode', () => {
  let server: RunningApp;

  beforeAll(async () => {
    server = await startApp(principalsModule({ stateless: true }));
  });
  afterAll(() => server.close());

  it('binds a task to its principal (not to the shared OAuth client id): get, result, cancel and list', async () => {
    const created = await statelessAs(server.url, 'alice', 1, 'tools/call', { name: 'longTask', arguments: {}, task: {} });
    const { taskId } = created.result.task;
    expect(taskId).toMatch(UUID);
    expectUnknownTask(await statelessAs(server.url, 'bob', 2, 'tasks/get', { taskId }), taskId);
    expectUnknownTask(await statelessAs(server.url, 'bob', 3, 'tasks/result', { taskId }), taskId);
    expectUnknownTask(await statelessAs(server.url, 'bob', 4, 'tasks/cancel', { taskId }), taskId);
    expect((await statelessAs(server.url, 'bob', 5, 'tasks/list')).result.tasks).toEqual([]);
    expect((await statelessAs(server.url, 'alice', 6, 'tasks/list')).result.tasks).toEqual([expect.objectContaining({ taskId })]);
    expect((await statelessAs(server.url, 'alice', 7, 'tasks/cancel', { taskId })).result.status).toBe('cancelled');
  });

  it('never lists an anonymous task to anyone, and answers it by its id', async () => {
    const created = await statelessAs(server.url, undefined, 1, 'tools/call', { name: 'slowSquare', arguments: { n: 6 }, task: {} });
    const { taskId } = created.result.task;
    expect(taskId).toMatch(UUID);
    expect((await statelessAs(server.url, undefined, 2, 'tasks/list')).result.tasks).toEqual([]);
    expect((await statelessAs(server.url, 'bob', 3, 'tasks/list')).result.tasks).toEqual([]);
    const result = await statelessAs(server.url, undefined, 4, 'tasks/result', { taskId });
    expect(result.result.content).toEqual([{ type: 'text', text: '36' }]);
  });
});

/** A guard that authenticates but gives `request.user` no `sub` or `id`: nothing to bind sessions or tasks to. */
@Injectable()
class NamelessUserGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined>; user?: unknown }>();
    request.user = { name: request.headers.authorization ?? 'nobody', roles: ['reader'] };
    return true;
  }
}

describe('a guard whose request.user has neither sub nor id', () => {
  let server: RunningApp;
  let warn: WarnSpy;

  beforeAll(async () => {
    warn = jest.spyOn(Logger.prototype, 'warn');
    server = await startApp(principalsModule({ stateless: true, httpGuards: [NamelessUserGuard] }));
  });
  afterAll(async () => {
    warn.mockRestore();
    await server.close();
  });

  it("shares no task bucket: one user's tasks are never listed to another, and the gap is warned about once", async () => {
    const created = await statelessAs(server.url, 'alice', 1, 'tools/call', { name: 'slowSquare', arguments: { n: 3 }, task: {} });
    const { taskId } = created.result.task;
    expect((await statelessAs(server.url, 'bob', 2, 'tasks/list')).result.tasks).toEqual([]);
    expect((await statelessAs(server.url, 'alice', 3, 'tasks/list')).result.tasks).toEqual([]);
    expect((await statelessAs(server.url, 'alice', 4, 'tasks/get', { taskId })).result.taskId).toBe(taskId);
    const warnings = warn.mock.calls.map((call) => String(call[0])).filter((line) => line.includes('neither `sub` nor `id`'));
    expect(warnings).toHaveLength(1);
  });
});

describe('sessions per principal and per anonymous address', () => {
  let server: RunningApp;

  beforeAll(async () => {
    server = await startApp(principalsModule({ session: { maxSessionsPerPrincipal: 2, maxSessionsPerAddress: 2 } }));
  });
  afterAll(() => server.close());

  async function expectTooMany(response: Response): Promise<void> {
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('30');
    expect(response.headers.get('mcp-session-id')).toBeNull();
    expect(await message(response)).toEqual({
      jsonrpc: '2.0',
      error: { code: -32000, message: 'Too Many Requests: this client holds too many sessions; end one (HTTP DELETE) or retry later' },
      id: 1,
    });
  }

  it('refuses a principal a session beyond maxSessionsPerPrincipal with 429 and Retry-After, and lets others in', async () => {
    const first = await openSessionAs(server.url, 'alice');
    await openSessionAs(server.url, 'alice');
    await expectTooMany(await initializeAs(server.url, 'alice'));
    await openSessionAs(server.url, 'bob');
    expect((await deleteSession(server.url, first, 'alice')).status).toBe(200);
    await openSessionAs(server.url, 'alice');
    await expectTooMany(await initializeAs(server.url, 'alice'));
  });

  it('refuses anonymous clients of one address a session beyond maxSessionsPerAddress, and lets principals in', async () => {
    await openSessionAs(server.url, undefined);
    await openSessionAs(server.url, undefined);
    await expectTooMany(await initializeAs(server.url, undefined));
    await openSessionAs(server.url, 'bob');
  });
});

describe('anonymous session caps behind a proxy (trustProxy)', () => {
  let server: RunningApp;

  beforeAll(async () => {
    server = await startApp(principalsModule({ session: { maxSessionsPerAddress: 1 } }), { trustProxy: true });
  });
  afterAll(() => server.close());

  it('counts each forwarded client address on its own, as Fastify computes request.ip', async () => {
    const from = (address: string) => post(server.url, initializeBody(), { 'x-forwarded-for': address });
    const first = await from('203.0.113.1');
    expect(first.status).toBe(200);
    await first.text();
    const again = await from('203.0.113.1');
    expect(again.status).toBe(429);
    await again.text();
    const other = await from('203.0.113.2');
    expect(other.status).toBe(200);
    await other.text();
  });
});

describe('principal binding and session caps across instances (Redis store)', () => {
  let redis: RedisServer;
  let client: Redis;
  const servers: RunningApp[] = [];
  const prefix = `pb-${randomUUID().slice(0, 8)}:`;

  beforeAll(async () => {
    redis = await startRedis();
    client = new Redis(redis.url);
    for (let i = 0; i < 2; i++) {
      const store = redisStore({ url: redis.url, keyPrefix: prefix });
      servers.push(await startApp(principalsModule({ store, session: { maxSessionsPerPrincipal: 2, maxSessionsPerAddress: 2 } })));
    }
  }, 30_000);
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.close()));
    client.disconnect();
    await redis.stop();
  });

  it('serves a session resumed on another instance only to the principal that opened it', async () => {
    const [a, b] = servers;
    const sessionId = await openSessionAs(a.url, 'alice');
    const stored = JSON.parse((await client.hget(`${prefix}session:${sessionId}`, 'record'))!);
    expect(stored).toMatchObject({ principal: `sub:${ISSUER}#alice`, quotaKey: `principal:sub:${ISSUER}#alice` });
    const unknown = await observed(await onSession(b.url, randomUUID(), 'bob', listTools()));
    expect(await observed(await onSession(b.url, sessionId, 'bob', listTools()))).toEqual(unknown);
    expect(await observed(await onSession(b.url, sessionId, undefined, listTools()))).toEqual(unknown);
    // Refused from the stored record: another principal's requests do not make this instance build the session.
    expect(b.app.get(LegacySessions)['live'].has(sessionId)).toBe(false);
    expect((await onSession(b.url, sessionId, 'alice', listTools())).status).toBe(200);
    expect(b.app.get(LegacySessions)['live'].has(sessionId)).toBe(true);
    expect(await observed(await onSession(b.url, sessionId, 'bob', listTools()))).toEqual(unknown);
    expect((await deleteSession(b.url, sessionId, 'alice')).status).toBe(200);
  });

  it("counts a principal's sessions across instances, and frees a slot when one ends", async () => {
    const [a, b] = servers;
    const first = await openSessionAs(a.url, 'bob');
    await openSessionAs(b.url, 'bob');
    expect((await initializeAs(a.url, 'bob')).status).toBe(429);
    expect((await initializeAs(b.url, 'bob')).status).toBe(429);
    await openSessionAs(b.url, 'alice');
    expect((await deleteSession(b.url, first, 'bob')).status).toBe(200);
    await openSessionAs(a.url, 'bob');
    expect((await initializeAs(b.url, 'bob')).status).toBe(429);
  });

  it('counts by quota key in the store, forgetting deleted and long-unused sessions', async () => {
    const store = new RedisSessionStore(client, `${prefix}unit:`, 60_000);
    const now = Date.now();
    await store.create({ id: 's1', createdAt: now, lastSeenAt: now, quotaKey: 'address:10.0.0.1' });
    await store.create({ id: 's2', createdAt: now, lastSeenAt: now, quotaKey: 'address:10.0.0.1' });
    await store.create({ id: 's3', createdAt: now, lastSeenAt: now - 120_000, quotaKey: 'address:10.0.0.1' });
    await store.create({ id: 's4', createdAt: now, lastSeenAt: now, quotaKey: 'address:10.0.0.2' });
    expect(await store.countByQuota('address:10.0.0.1')).toBe(2);
    expect(await client.smembers(`${prefix}unit:sessions-of:address:10.0.0.1`)).toEqual(expect.arrayContaining(['s1', 's2']));
    expect(await client.scard(`${prefix}unit:sessions-of:address:10.0.0.1`)).toBe(2);
    // A client that never comes back leaves no set behind: it expires with its newest session.
    expect(await client.pttl(`${prefix}unit:sessions-of:address:10.0.0.2`)).toBeGreaterThan(50_000);
    await store.delete('s1');
    expect(await store.countByQuota('address:10.0.0.1')).toBe(1);
    expect(await store.countByQuota('address:10.0.0.2')).toBe(1);
    await store.delete('s2');
    await store.delete('s4');
    expect(await client.exists(`${prefix}unit:sessions-of:address:10.0.0.1`, `${prefix}unit:sessions-of:address:10.0.0.2`)).toBe(0);
  });

  it('keeps no shared list of ownerless tasks', async () => {
    const tasks = new RedisTaskStore(client, `${prefix}tasks:`);
    const now = new Date().toISOString();
    const base = { toolName: 't', status: 'working' as const, createdAt: now, lastUpdatedAt: now, ttlMs: 60_000, pollIntervalMs: 500 };
    await tasks.create({ ...base, taskId: 'anonymous-task' });
    await tasks.create({ ...base, taskId: 'owned-task', owner: 'client:x' });
    expect(await client.keys(`${prefix}tasks:tasks-of:*`)).toEqual([`${prefix}tasks:tasks-of:client:x`]);
    expect((await tasks.list(undefined, undefined, 10)).tasks).toEqual([]);
    expect((await tasks.list('client:x', undefined, 10)).tasks.map((task) => task.taskId)).toEqual(['owned-task']);
    expect(await tasks.get('anonymous-task')).toMatchObject({ taskId: 'anonymous-task' });
    await tasks.delete('anonymous-task');
    expect(await tasks.get('anonymous-task')).toBeUndefined();
  });
});
