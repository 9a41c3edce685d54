import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ProtocolErrorCode } from '@modelcontextprotocol/server';
import { Injectable, Module, NotFoundException } from '@nestjs/common';
import { Arg, McpError, McpModule, Resource } from 'nestjs-mcp';
import { startApp, type RunningApp } from '../helpers/app.js';
import { ALL_CLIENTS, connect } from '../helpers/clients.js';

@Injectable()
class Things {
  @Resource({ uri: 'things://{id}' })
  thing(@Arg('id') id: string) {
    if (id !== 'kept') throw new NotFoundException(`No thing "${id}"`);
    return 'a thing';
  }

  @Resource({ uri: 'gone://bare' })
  bare() {
    throw new McpError(ProtocolErrorCode.ResourceNotFound, 'It went away');
  }
}

@Module({ imports: [McpModule.forRoot({ name: 'not-found', version: '1.0.0' })], providers: [Things] })
class NotFoundModule {}

/** What a rejected read carried on the wire, as each client saw it. */
const errorOf = (read: Promise<unknown>) =>
  read.then(
    () => {
      throw new Error('the read succeeded');
    },
    (error: { code?: number; data?: unknown; message: string }) => ({ code: error.code, data: error.data, message: error.message }),
  );

describe('a resource handler that finds nothing answers like an unknown URI', () => {
  let server: RunningApp;
  beforeAll(async () => {
    server = await startApp(NotFoundModule);
  });
  afterAll(async () => {
    await server.close();
  });

  it.each(ALL_CLIENTS)('%s: NotFoundException and a bare -32002 McpError carry the code and { uri } of an unknown URI', async (kind) => {
    const client = await connect(kind, server.url);
    try {
      const unknown = await errorOf(client.readResource('nowhere://x'));
      expect(unknown).toMatchObject({ code: ProtocolErrorCode.InvalidParams, data: { uri: 'nowhere://x' } });

      const missing = await errorOf(client.readResource('things://missing'));
      expect(missing).toEqual({ code: unknown.code, data: { uri: 'things://missing' }, message: expect.stringContaining('No thing "missing"') });

      const bare = await errorOf(client.readResource('gone://bare'));
      expect(bare).toEqual({ code: unknown.code, data: { uri: 'gone://bare' }, message: expect.stringContaining('It went away') });

      expect((await client.readResource('things://kept')).contents[0].text).toBe('a thing');
    } finally {
      await client.close();
    }
  });
});
