import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Injectable, Module } from '@nestjs/common';
import { McpCtx, McpModule, MemorySessionStore, Tool, type McpContext } from 'nestjs-mcp';
import { startApp, type RunningApp } from '../helpers/app.js';
import { connect, SESSION_CLIENTS } from '../helpers/clients.js';

/*
 * On several instances, a client's logging/setLevel reaches the others through the store (written before the client
 * gets its answer) and a relay message (which may come after the client's next request, served elsewhere). A call
 * that logs reads the level from the store, so the level the client set holds on every instance at once. Here the
 * "other instance" writes the store directly and sends no relay message.
 */

const LOG_LEVEL_KEY = 'nestjs-mcp:log-level';
const store = new MemorySessionStore();

@Injectable()
class ChattyTools {
  @Tool({ description: 'Logs at info and at error' })
  async chatty(@McpCtx() ctx: McpContext) {
    await ctx.log.info('info line');
    await ctx.log.error('error line');
    return 'done';
  }
}

@Module({ imports: [McpModule.forRoot({ name: 'levels', version: '1.0.0', sessionStore: store })], providers: [ChattyTools] })
class LevelsModule {}

describe('the log level of a session, as stored', () => {
  let server: RunningApp;
  beforeAll(async () => {
    server = await startApp(LevelsModule);
  });
  afterAll(async () => {
    await server.close();
  });

  it.each(SESSION_CLIENTS)('%s: a level another instance stored holds for the next call here', async (kind) => {
    const client = await connect(kind, server.url);
    try {
      await client.setLoggingLevel('info');
      await client.callTool('chatty');
      expect(client.logs.map((log) => log.data)).toEqual(['info line', 'error line']);
      await store.setState(client.sessionId()!, LOG_LEVEL_KEY, 'error');
      await client.callTool('chatty');
      expect(client.logs.map((log) => log.data)).toEqual(['info line', 'error line', 'error line']);
    } finally {
      await client.close();
    }
  });
});
