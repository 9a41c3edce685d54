import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Injectable, Module } from '@nestjs/common';
import { Arg, McpCtx, McpModule, Resource, Tool, type McpContext } from 'nestjs-mcp';
import { LegacySessions } from '../../libs/mcp/src/http/sessions/legacy-sessions.js';
import { startApp, type RunningApp } from '../helpers/app.js';
import { connect, textOf } from '../helpers/clients.js';
import { ACCEPT_BOTH, message, openSession, post, sessionHeaders } from '../helpers/raw-http.js';

/*
 * `session.dormantAfterMs`: a session idle that long is released by this process (its SDK server and transport go)
 * and rebuilt from its record by its next request. Everything the session holds must survive that.
 */

@Injectable()
class DormancyTools {
  @Tool({ description: 'Remembers a value in the session' })
  async remember(@Arg('value') value: string, @McpCtx() ctx: McpContext) {
    await ctx.session.set('remembered', value);
    return 'kept';
  }

  @Tool({ description: 'Recalls the remembered value' })
  async recall(@McpCtx() ctx: McpContext) {
    return String(await ctx.session.get('remembered'));
  }

  @Tool({ description: 'Logs at two levels' })
  async twoLevels(@McpCtx() ctx: McpContext) {
    await ctx.log.debug('quiet');
    await ctx.log.warning('loud');
    return 'logged';
  }

  @Tool({ description: 'Hidden until enabled', tags: ['extra'] })
  extra() {
    return 'extra';
  }

  @Resource({ uri: 'notes://today', description: 'Today' })
  today() {
    return 'nothing yet';
  }

  @Tool({ description: 'Enables the extra tools for this session' })
  async enableExtra(@McpCtx() ctx: McpContext) {
    await ctx.session.enable({ tags: ['extra'] });
    return 'enabled';
  }
}

@Module({
  imports: [McpModule.forRoot({ name: 'dormancy', version: '1.0.0', session: { dormantAfterMs: 1_000 }, disabled: [{ tags: ['extra'] }] })],
  providers: [DormancyTools],
})
class DormancyModule {}

async function until(condition: () => boolean, timeoutMs = 8_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('dormant sessions (session.dormantAfterMs)', () => {
  let server: RunningApp;
  let sessions: LegacySessions;
  beforeAll(async () => {
    server = await startApp(DormancyModule);
    sessions = server.app.get(LegacySessions, { strict: false });
  });
  afterAll(async () => {
    await server.close();
  });

  const call = (sessionId: string, id: number, name: string, args: Record<string, unknown> = {}) =>
    post(server.url, { jsonrpc: '2.0', id, method: 'tools/call', params: { name, arguments: args } }, sessionHeaders(sessionId)).then(message);

  it('releases an idle session and rebuilds it on its next request with its data, log level and visibility', async () => {
    const sessionId = await openSession(server.url);
    expect(textOf((await call(sessionId, 1, 'remember', { value: 'blue' })).result)).toBe('kept');
    expect(textOf((await call(sessionId, 2, 'enableExtra')).result)).toBe('enabled');
    const level = await post(server.url, { jsonrpc: '2.0', id: 3, method: 'logging/setLevel', params: { level: 'warning' } }, sessionHeaders(sessionId));
    expect((await message(level)).result).toEqual({});
    expect(sessions.heldHere).toBe(1);

    await until(() => sessions.heldHere === 0);

    expect(textOf((await call(sessionId, 4, 'recall')).result)).toBe('blue');
    expect(sessions.heldHere).toBe(1);
    expect(textOf((await call(sessionId, 5, 'extra')).result)).toBe('extra');
    const logged = await post(server.url, { jsonrpc: '2.0', id: 6, method: 'tools/call', params: { name: 'twoLevels' } }, { ...sessionHeaders(sessionId), accept: ACCEPT_BOTH });
    const events = await logged.text();
    expect(events).toContain('loud');
    expect(events).not.toContain('quiet');
  });

  it('keeps live a session whose client holds its GET stream open, and one with resource subscriptions', async () => {
    await until(() => sessions.heldHere === 0);
    const client = await connect('v2-legacy', server.url);
    const subscriber = await openSession(server.url);
    try {
      const subscribed = await post(server.url, { jsonrpc: '2.0', id: 1, method: 'resources/subscribe', params: { uri: 'notes://today' } }, sessionHeaders(subscriber));
      expect((await message(subscribed)).result).toEqual({});
      expect(textOf(await client.callTool('remember', { value: 'green' }))).toBe('kept');
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      expect(sessions.heldHere).toBe(2);
      expect(textOf(await client.callTool('recall'))).toBe('green');
    } finally {
      await client.close();
      await fetch(server.url, { method: 'DELETE', headers: sessionHeaders(subscriber) });
    }
  });

  it('a released session ended by DELETE is gone, and an unknown id is still refused', async () => {
    const sessionId = await openSession(server.url);
    await until(() => sessions.heldHere === 0);
    const ended = await fetch(server.url, { method: 'DELETE', headers: sessionHeaders(sessionId) });
    expect(ended.status).toBe(200);
    expect((await post(server.url, { jsonrpc: '2.0', id: 1, method: 'tools/list' }, sessionHeaders(sessionId))).status).toBe(404);
    expect((await post(server.url, { jsonrpc: '2.0', id: 1, method: 'tools/list' }, sessionHeaders('00000000-0000-4000-8000-000000000000'))).status).toBe(404);
  });
});
