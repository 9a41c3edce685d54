import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { NativeSessionTransport } from '../../libs/mcp/src/http/node-transport/native-session-transport.js';
import { HotPathServer } from '../../libs/mcp/src/server/hot-path-server.js';
import { SdkServerFactory } from '../../libs/mcp/src/server/sdk-server.factory.js';
import { hostileModule } from '../fixtures/hostile.fixture.js';
import { startApp, type RunningApp } from '../helpers/app.js';
import { ALL_CLIENTS, connect } from '../helpers/clients.js';
import { BAD_META, LogCapture, MODERN_META, modernHeaders, nestedJson } from '../helpers/hostile.js';
import { initializeBody, message, openSession, post, sessionHeaders } from '../helpers/raw-http.js';

/** How a request reaches the server: the three HTTP routes a hostile body can take. */
interface Route {
  name: string;
  headers: (method: string, name?: string) => Record<string, string>;
  /** Adds the 2026-07-28 envelope to params that are an object. */
  envelope: boolean;
}

const NO_DUMP = /invalid_type|"code"|"path"|\[\s*\{/;

/** The `Mcp-Name` header a 2026-07-28 client sends: the named member, as text, whatever its type. */
function mcpName(method: string, params: Record<string, unknown>): string | undefined {
  const member = ({ 'tools/call': 'name', 'prompts/get': 'name', 'resources/read': 'uri' } as Record<string, string>)[method] ?? (method.startsWith('tasks/') ? 'taskId' : undefined);
  return member === undefined ? undefined : String(params[member]);
}

describe('hostile input over HTTP: a clean 4xx JSON-RPC answer, never a 500, nothing logged as an error', () => {
  const logs = new LogCapture();
  let server: RunningApp;
  let stateless: RunningApp;
  let sessionId: string;
  let routes: Route[];

  beforeAll(async () => {
    const configure = (app: RunningApp['app']) => app.useLogger(logs);
    server = await startApp(hostileModule(), { configure });
    stateless = await startApp(hostileModule({ stateless: true, limits: { maxDepth: 20 } }), { configure });
    sessionId = await openSession(server.url);
    routes = [
      { name: '2025 session', headers: () => sessionHeaders(sessionId), envelope: false },
      { name: '2025 without a session', headers: () => ({}), envelope: false },
      { name: '2026-07-28', headers: modernHeaders, envelope: true },
    ];
  });
  afterAll(async () => {
    await server.close();
    await stateless.close();
  });
  afterEach(() => {
    expect(logs.errors()).toEqual([]);
    logs.clear();
  });

  async function send(route: Route, method: string, params: unknown, name?: string) {
    const withEnvelope = route.envelope && typeof params === 'object' && params !== null && !Array.isArray(params) && !('_meta' in params);
    const body = { jsonrpc: '2.0', id: 'hostile-1', method, params: withEnvelope ? { ...params, _meta: MODERN_META } : params };
    const response = await post(server.url, body, route.headers(method, name));
    return { status: response.status, reply: await message(response) };
  }

  it('answers a `_meta` of the wrong type with 400 and -32602, with the request id, on every route', async () => {
    for (const route of routes) {
      for (const meta of BAD_META) {
        const { status, reply } = await send(route, 'tools/list', { _meta: meta });
        expect({ route: route.name, meta, status, reply }).toEqual({
          route: route.name,
          meta,
          status: 400,
          reply: { jsonrpc: '2.0', id: 'hostile-1', error: { code: -32602, message: 'Invalid params for tools/list: _meta must be an object' } },
        });
      }
    }
    const statelessReply = await post(stateless.url, { jsonrpc: '2.0', id: 9, method: 'tools/list', params: { _meta: 42 } });
    expect(statelessReply.status).toBe(400);
    expect((await message(statelessReply)).error).toEqual({ code: -32602, message: 'Invalid params for tools/list: _meta must be an object' });
  });

  it('answers params of the wrong type with 400: -32600 when not structured, -32602 for an array', async () => {
    for (const route of routes) {
      for (const params of ['x', 5, null]) {
        const { status, reply } = await send(route, 'tools/list', params);
        expect({ route: route.name, params, status, error: reply.error, id: reply.id }).toEqual({
          route: route.name,
          params,
          status: 400,
          error: { code: -32600, message: 'Invalid Request: params must be an object' },
          id: 'hostile-1',
        });
      }
      const { status, reply } = await send(route, 'tools/list', []);
      expect(status).toBe(400);
      expect(reply.error).toEqual({ code: -32602, message: 'Invalid params for tools/list: params must be an object, not an array' });
    }
  });

  it('answers a broken progress token or an unknown member with the request id instead of a parse error', async () => {
    const session = routes[0];
    const token = await send(session, 'ping', { _meta: { progressToken: { a: 1 } } });
    expect(token).toEqual({
      status: 400,
      reply: { jsonrpc: '2.0', id: 'hostile-1', error: { code: -32602, message: 'Invalid params for ping: _meta.progressToken must be a string or an integer' } },
    });
    const extra = await post(server.url, { jsonrpc: '2.0', id: 4, method: 'ping', extra: true }, sessionHeaders(sessionId));
    expect(extra.status).toBe(400);
    expect(await message(extra)).toEqual({ jsonrpc: '2.0', id: 4, error: { code: -32600, message: 'Invalid Request: unexpected member "extra"' } });
  });

  const EITHER_ERA: [string, Record<string, unknown>, string][] = [
    ['resources/read', { uri: 42 }, 'uri must be a string'],
    ['prompts/get', { name: {} }, 'name must be a string'],
    ['prompts/get', { name: 'greet', arguments: 'x' }, 'arguments must be an object'],
    ['tools/list', { cursor: 7 }, 'cursor must be a string'],
    ['tools/call', { name: 5 }, 'name must be a string'],
    ['tools/call', { name: 'add', arguments: 'x' }, 'arguments must be an object'],
    ['completion/complete', { ref: { type: 'ref/prompt' }, argument: 5 }, 'ref.name is required; argument must be an object'],
    ['completion/complete', { ref: { type: 'ref/prompt', name: 'greet' }, argument: { name: 'name', value: 3 } }, 'argument.value must be a string'],
    ['tasks/get', { taskId: 5 }, 'taskId must be a string'],
    ['tasks/cancel', {}, 'taskId is required'],
  ];
  const LEGACY_ONLY: [string, Record<string, unknown>, string][] = [
    ['logging/setLevel', { level: 'nope' }, 'level must be one of "debug", "info", "notice", "warning", "error", "critical", "alert", "emergency"'],
    ['logging/setLevel', { level: 5 }, 'level must be one of "debug", "info", "notice", "warning", "error", "critical", "alert", "emergency"'],
    ['resources/subscribe', { uri: 42 }, 'uri must be a string'],
    ['resources/unsubscribe', {}, 'uri is required'],
    ['tasks/result', { taskId: [] }, 'taskId must be a string'],
    ['tasks/list', { cursor: 5 }, 'cursor must be a string'],
  ];
  const MODERN_ONLY: [string, Record<string, unknown>, string][] = [['tasks/update', { taskId: 5 }, 'taskId must be a string']];

  it.each([
    ['a 2025 session', 0, [...EITHER_ERA, ...LEGACY_ONLY]],
    ['2026-07-28', 2, [...EITHER_ERA, ...MODERN_ONLY]],
  ] as const)('answers params that do not fit their method with a readable -32602 on %s', async (_era, routeIndex, cases) => {
    for (const [method, params, detail] of cases) {
      const { reply } = await send(routes[routeIndex], method, params, mcpName(method, params));
      expect({ method, params, error: reply.error, id: reply.id }).toEqual({
        method,
        params,
        error: { code: -32602, message: `Invalid params for ${method}: ${detail}` },
        id: 'hostile-1',
      });
      expect(reply.error.message).not.toMatch(NO_DUMP);
    }
  });

  it('refuses a request whose id is that of a request in progress on the session (400, -32600); the first still gets its answer', async () => {
    const headers = sessionHeaders(sessionId);
    const call = (id: unknown, ms: number) => ({ jsonrpc: '2.0', id, method: 'tools/call', params: { name: 'pause', arguments: { ms } } });
    const first = post(server.url, call('in-use', 300), headers);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const second = await post(server.url, call('in-use', 0), headers);
    expect(second.status).toBe(400);
    expect(await message(second)).toEqual({
      jsonrpc: '2.0',
      id: null,
      error: { code: -32600, message: 'Invalid Request: request id "in-use" is already used by a request in progress on this session' },
    });
    const answered = await first;
    expect(answered.status).toBe(200);
    expect((await message(answered)).result.content).toEqual([{ type: 'text', text: 'paused 300 ms' }]);

    const batch = await post(server.url, [call(7, 0), call(7, 0)], headers);
    expect(batch.status).toBe(400);
    expect((await message(batch)).error.message).toBe('Invalid Request: request id 7 is already used by a request in progress on this session');
    // Once answered, the id is free again.
    const again = await post(server.url, call('in-use', 0), headers);
    expect((await message(again)).result.content).toEqual([{ type: 'text', text: 'paused 0 ms' }]);
  });

  it('answers an initialize with bad params -32602 (not "session id required"), and opens no session', async () => {
    const response = await post(server.url, { ...initializeBody('init-1'), params: { protocolVersion: 5, capabilities: 'x' } });
    expect(response.status).toBe(400);
    expect(response.headers.get('mcp-session-id')).toBeNull();
    expect(await message(response)).toEqual({
      jsonrpc: '2.0',
      id: 'init-1',
      error: { code: -32602, message: 'Invalid params for initialize: protocolVersion must be a string; capabilities must be an object; clientInfo is required' },
    });
  });

  describe('nesting', () => {
    const call = (payloadLevels: number) => `{"name":"depthOf","arguments":{"payload":${nestedJson(payloadLevels)}}`;
    const deepBodies = (route: Route) => {
      const envelope = route.envelope ? `,"_meta":${JSON.stringify(MODERN_META)}` : '';
      const envelopeEntries = route.envelope ? `,${JSON.stringify(MODERN_META).slice(1, -1)}` : '';
      return {
        'tool arguments': `{"jsonrpc":"2.0","id":7,"method":"tools/call","params":${call(10_000)}${envelope}}}`,
        _meta: `{"jsonrpc":"2.0","id":7,"method":"tools/list","params":{"_meta":{"x":${nestedJson(10_000)}${envelopeEntries}}}}`,
      };
    };

    it('refuses 10,000 levels in tool arguments or in `_meta` with 400 and -32600 before any work, on every route', async () => {
      for (const route of routes) {
        for (const [where, body] of Object.entries(deepBodies(route))) {
          const method = where === '_meta' ? 'tools/list' : 'tools/call';
          const response = await post(server.url, body, route.headers(method, method === 'tools/call' ? 'depthOf' : undefined));
          expect({ route: route.name, where, status: response.status, reply: await message(response) }).toEqual({
            route: route.name,
            where,
            status: 400,
            reply: { jsonrpc: '2.0', id: 7, error: { code: -32600, message: 'Invalid Request: nesting deeper than 64' } },
          });
        }
      }
    });

    it('serves a message nested exactly to the limit (64) and refuses one level more, in both eras', async () => {
      // message (1) > params (2) > arguments (3) > payload: 61 levels reach 64.
      for (const route of [routes[0], routes[2]]) {
        const envelope = route.envelope ? `,"_meta":${JSON.stringify(MODERN_META)}` : '';
        const atLimit = await post(server.url, `{"jsonrpc":"2.0","id":8,"method":"tools/call","params":${call(61)}${envelope}}}`, route.headers('tools/call', 'depthOf'));
        expect((await message(atLimit)).result.content).toEqual([{ type: 'text', text: '61' }]);
        const over = await post(server.url, `{"jsonrpc":"2.0","id":8,"method":"tools/call","params":${call(62)}${envelope}}}`, route.headers('tools/call', 'depthOf'));
        expect(over.status).toBe(400);
        expect((await message(over)).error).toEqual({ code: -32600, message: 'Invalid Request: nesting deeper than 64' });
      }
    });

    it('takes the limit from `limits.maxDepth`', async () => {
      const atLimit = await post(stateless.url, `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":${call(17)}}}`);
      expect((await message(atLimit)).result.content).toEqual([{ type: 'text', text: '17' }]);
      const over = await post(stateless.url, `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":${call(18)}}}`);
      expect(over.status).toBe(400);
      expect((await message(over)).error).toEqual({ code: -32600, message: 'Invalid Request: nesting deeper than 20' });
    });
  });

  it('still serves every kind of real client after all of that', async () => {
    for (const kind of ALL_CLIENTS) {
      const client = await connect(kind, server.url);
      try {
        expect((await client.callTool('add', { a: 2, b: 3 })).content).toEqual([{ type: 'text', text: '5' }]);
      } finally {
        await client.close();
      }
    }
  });

  describe('a failure of the server itself', () => {
    afterEach(() => {
      jest.restoreAllMocks();
    });

    it.each([
      // resources/list: a 2026-07-28 request the SDK serves on a server of its own (the hot methods share one).
      ['2026-07-28', () => server, (url: URL) => post(url, { jsonrpc: '2.0', id: 5, method: 'resources/list', params: { _meta: MODERN_META } }, modernHeaders('resources/list'))],
      ['2025 stateless', () => stateless, (url: URL) => post(url, { jsonrpc: '2.0', id: 5, method: 'tools/list' })],
    ] as const)('is answered 500 and logged exactly once on %s', async (_route, app, request) => {
      jest.spyOn(app().app.get(SdkServerFactory), 'create').mockImplementationOnce(() => {
        throw new Error('factory broke');
      });
      const response = await request(app().url);
      expect(response.status).toBe(500);
      expect((await message(response)).error.code).toBe(-32603);
      expect(logs.errors()).toEqual([expect.stringMatching(/factory broke/)]);
      logs.clear();
    });

    it('is answered 500 with a JSON-RPC body and logged exactly once when the 2026-07-28 hot path throws', async () => {
      jest.spyOn(HotPathServer.prototype, 'serveExchange').mockImplementationOnce(() => {
        throw new Error('hot path broke');
      });
      const response = await post(server.url, { jsonrpc: '2.0', id: 6, method: 'tools/list', params: { _meta: MODERN_META } }, modernHeaders('tools/list'));
      expect(response.status).toBe(500);
      expect((await message(response)).error).toEqual({ code: -32603, message: 'Internal error' });
      expect(logs.errors()).toEqual([expect.stringMatching(/hot path broke/)]);
      logs.clear();
    });

    it('is answered 500 with a JSON-RPC body and logged exactly once when a session transport throws', async () => {
      jest.spyOn(NativeSessionTransport.prototype, 'handle').mockRejectedValueOnce(new Error('transport broke'));
      const response = await post(server.url, { jsonrpc: '2.0', id: 6, method: 'tools/list' }, sessionHeaders(sessionId));
      expect(response.status).toBe(500);
      expect((await message(response)).error).toEqual({ code: -32603, message: 'Internal error' });
      expect(logs.errors()).toEqual([expect.stringMatching(/transport broke/)]);
      logs.clear();
    });
  });
});
