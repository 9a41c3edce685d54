import { createConnection, type Socket } from 'node:net';
import { describe, expect, it } from '@jest/globals';
import { basicModule } from '../fixtures/basic.fixture.js';
import { startApp } from '../helpers/app.js';
import { connect } from '../helpers/clients.js';
import { initializeBody, post } from '../helpers/raw-http.js';

describe('graceful shutdown', () => {
  it('lets calls in flight finish, turning new requests away with 503 meanwhile', async () => {
    const server = await startApp(basicModule({ shutdownGraceMs: 5_000 }));
    const client = await connect('v1', server.url);
    const call = client.callTool('slowEcho', { text: 'made it', ms: 600 });
    await new Promise((resolve) => setTimeout(resolve, 150));
    const closing = server.close();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const refused = await post(server.url, initializeBody()).catch((error: Error) => error);
    if (!(refused instanceof Error)) {
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toBe('1');
    }
    expect((await call).content[0].text).toBe('made it');
    await closing;
  });

  it('gives up waiting after the grace period', async () => {
    const server = await startApp(basicModule({ shutdownGraceMs: 200 }));
    const client = await connect('v1', server.url);
    const call = client.callTool('slowEcho', { text: 'too slow', ms: 3_000 }).catch((error: Error) => error);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = Date.now();
    await server.close();
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(await call).toBeInstanceOf(Error);
  });

  it('closes at once although clients hold connections that never sent a byte (Fastify defaults, as in an app)', async () => {
    const server = await startApp(basicModule({ shutdownGraceMs: 5_000 }));
    const client = await connect('v1', server.url);
    expect((await client.callTool('slowEcho', { text: 'hi', ms: 1 })).content[0].text).toBe('hi');
    const connectSilently = () =>
      new Promise<Socket>((resolve, reject) => {
        const socket = createConnection({ host: '127.0.0.1', port: Number(server.url.port) }, () => resolve(socket));
        socket.once('error', reject);
      });
    const silent = await Promise.all([connectSilently(), connectSilently(), connectSilently()]);
    const closedByServer = silent.map((socket) => new Promise<void>((resolve) => socket.once('close', () => resolve())));
    const started = Date.now();
    await server.close();
    // Node would have waited for its headers timeout (60 s), past a typical orchestrator's grace period.
    expect(Date.now() - started).toBeLessThan(2_000);
    await Promise.all(closedByServer);
  });
});
