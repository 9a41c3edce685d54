import { networkInterfaces } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { basicModule } from '../fixtures/basic.fixture.js';
import { startApp, type RunningApp } from '../helpers/app.js';
import { connect } from '../helpers/clients.js';
import { initializeBody, message, post } from '../helpers/raw-http.js';

/** This machine's first address that is not loopback: the server is reached as a remote client would reach it. */
function externalAddress(): string {
  for (const addresses of Object.values(networkInterfaces())) {
    const found = addresses?.find((address) => address.family === 'IPv4' && !address.internal);
    if (found) return found.address;
  }
  throw new Error('This test needs a network interface that is not loopback (none found)');
}

describe('Origin validation on connections that are not loopback', () => {
  let server: RunningApp;
  let url: URL;
  let ownOrigin: string;

  beforeAll(async () => {
    server = await startApp(basicModule(), { host: '0.0.0.0' });
    url = new URL(`http://${externalAddress()}:${server.url.port}/mcp`);
    ownOrigin = url.origin;
  });
  afterAll(() => server.close());

  it('refuses a foreign Origin with 403 in the default (auto) mode', async () => {
    for (const origin of ['http://evil.example.com', 'null', 'http://localhost:3000']) {
      const response = await post(url, initializeBody(), { origin });
      expect(response.status).toBe(403);
      expect((await message(response)).error).toMatchObject({ code: -32000, message: `Forbidden: Origin not allowed: ${origin}` });
    }
  });

  it('serves the same origin as the Host, requests without Origin, and real clients', async () => {
    expect((await post(url, initializeBody(), { origin: ownOrigin })).status).toBe(200);
    expect((await post(url, initializeBody())).status).toBe(200);
    const client = await connect('v2-legacy', url);
    try {
      expect((await client.listTools()).tools.length).toBeGreaterThan(0);
    } finally {
      await client.close();
    }
  });
});

describe('Origin validation turned off (a proxy in front checks it)', () => {
  let server: RunningApp;

  beforeAll(async () => {
    server = await startApp(basicModule({ security: { validateOrigin: false } }), { host: '0.0.0.0' });
  });
  afterAll(() => server.close());

  it('lets any Origin through', async () => {
    const url = new URL(`http://${externalAddress()}:${server.url.port}/mcp`);
    expect((await post(url, initializeBody(), { origin: 'http://evil.example.com' })).status).toBe(200);
  });
});
