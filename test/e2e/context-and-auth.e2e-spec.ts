import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { VersioningType } from '@nestjs/common';
import { ContextFixtureModule } from '../fixtures/context.fixture.js';
import { basicModule } from '../fixtures/basic.fixture.js';
import { startApp, type RunningApp } from '../helpers/app.js';
import { connect, type ClientKind } from '../helpers/clients.js';
import { initializeBody, message, post } from '../helpers/raw-http.js';

const auth = { authorization: 'Bearer good-token' };

describe('context, session state and HTTP auth', () => {
  let server: RunningApp;

  beforeAll(async () => {
    server = await startApp(ContextFixtureModule);
  });
  afterAll(() => server.close());

  it('refuses the endpoint to callers the HTTP guard rejects', async () => {
    const response = await post(server.url, initializeBody(), { authorization: 'Bearer bad' });
    expect(response.status).toBe(401);
    await expect(connect('v2-legacy', server.url)).rejects.toThrow();
  });

  it.each<ClientKind>(['v2-legacy', 'v1', 'v2-modern'])('passes the HTTP principal to tools as ctx.user / ctx.auth (%s)', async (kind) => {
    const client = await connect(kind, server.url, { headers: auth });
    try {
      const result = JSON.parse((await client.callTool('whoami', {})).content[0].text);
      expect(result).toEqual({
        user: { sub: 'user-1', scopes: ['notes:read'] },
        clientId: 'user-1',
        scopes: ['notes:read'],
        token: 'good-token',
        toolName: 'whoami',
        era: kind === 'v2-modern' ? 'modern' : 'legacy',
        transport: 'http',
      });
    } finally {
      await client.close();
    }
  });

  it('keeps per-session state for the life of a 2025 session, separately per session', async () => {
    const first = await connect('v2-legacy', server.url, { headers: auth });
    const second = await connect('v1', server.url, { headers: auth });
    try {
      expect((await first.callTool('remember', { value: 'a' })).content[0].text).toBe('previous=none session=yes');
      expect((await first.callTool('remember', { value: 'b' })).content[0].text).toBe('previous=a session=yes');
      expect((await second.callTool('remember', { value: 'c' })).content[0].text).toBe('previous=none session=yes');
    } finally {
      await first.close();
      await second.close();
    }
  });

  it('explains that session state needs a session on a sessionless request', async () => {
    const client = await connect('v2-modern', server.url, { headers: auth });
    try {
      const result = await client.callTool('remember', { value: 'x' });
      expect(result.isError).toBe(true);
      expect(result.content[0].text).toMatch(/Session state needs a session/);
    } finally {
      await client.close();
    }
  });

  it('adds and removes resources at run time', async () => {
    const client = await connect('v2-legacy', server.url, { headers: auth });
    try {
      await client.callTool('publish', { topic: 'owls' });
      expect((await client.listResources()).resources).toEqual([expect.objectContaining({ uri: 'topics://owls', name: 'topic-owls' })]);
      expect((await client.readResource('topics://owls')).contents[0]).toEqual({ uri: 'topics://owls', mimeType: 'text/plain', text: 'all about owls' });
      expect((await client.callTool('unpublish', { topic: 'owls' })).content[0].text).toBe('true');
      await expect(client.readResource('topics://owls')).rejects.toThrow(/Resource not found/);
    } finally {
      await client.close();
    }
  });
});

describe('URI versioning', () => {
  it('serves the endpoint under the default version', async () => {
    const server = await startApp(basicModule(), {
      path: '/v2/mcp',
      configure: (app) => {
        app.enableVersioning({ type: VersioningType.URI, defaultVersion: '2' });
      },
    });
    try {
      const response = await post(server.url, initializeBody());
      expect((await message(response)).result.serverInfo.name).toBe('basic');
    } finally {
      await server.close();
    }
  });
});
