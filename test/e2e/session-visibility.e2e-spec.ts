import { resolve } from 'node:path';
import { Test, type TestingModule } from '@nestjs/testing';
import { Client as ClientV2 } from '@modelcontextprotocol/client';
import { StdioClientTransport as StdioTransportV2 } from '@modelcontextprotocol/client/stdio';
import { Client as ClientV1 } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport as StdioTransportV1 } from '@modelcontextprotocol/sdk/client/stdio.js';
import { ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { McpTestClient } from 'nestjs-mcp/testing';
import { startApp, type RunningApp } from '../helpers/app.js';
import { connect, SESSION_CLIENTS, textOf, withClients } from '../helpers/clients.js';
import { DEFAULT_TOOLS, featuresModule } from '../fixtures/visibility.fixture.js';
import { countToolListChanged, toolNames } from '../helpers/tool-list.js';
import { waitFor } from '../helpers/wait.js';

// Per-session visibility: `disabled` hides components until a session turns them on with `ctx.session.enable()`;
// `disable()` hides more; `resetVisibility()` goes back to the server's defaults. Only the calling session is
// affected and told (`list_changed`); a hidden component is unknown to it, whatever the method.

describe('per-session visibility over HTTP (2025 sessions)', () => {
  let server: RunningApp;
  beforeAll(async () => {
    server = await startApp(featuresModule());
  });
  afterAll(() => server.close());

  it.each(SESSION_CLIENTS)('%s: enable() shows this session the disabled components and tells it alone', async (kind) => {
    await withClients([connect(kind, server.url), connect(kind, server.url)], async (mine, other) => {
      const mineChanged = countToolListChanged(mine);
      const otherChanged = countToolListChanged(other);
      expect(await toolNames(mine)).toEqual(DEFAULT_TOOLS);
      await expect(mine.callTool('analyze', { data: 'x' })).rejects.toThrow(/Unknown tool: analyze/);

      expect(textOf(await mine.callTool('unlockPremium'))).toBe('unlocked');
      await waitFor(() => mineChanged.count() > 0);
      expect(await toolNames(mine)).toEqual([...DEFAULT_TOOLS, 'analyze'].sort());
      expect(textOf(await mine.callTool('analyze', { data: 'x' }))).toBe('premium analysis of x');
      expect((await mine.listResources()).resources.map((resource) => resource.uri)).toEqual(['premium://feed']);
      expect((await mine.readResource('premium://feed')).contents[0].text).toBe('premium feed');
      expect((await mine.getPrompt('premiumBrief', { topic: 'rates' })).messages[0].content.text).toBe('Brief me on rates');

      expect(await toolNames(other)).toEqual(DEFAULT_TOOLS);
      await expect(other.callTool('analyze', { data: 'x' })).rejects.toThrow(/Unknown tool: analyze/);
      await expect(other.readResource('premium://feed')).rejects.toThrow(/not found/i);
      await expect(other.getPrompt('premiumBrief', { topic: 'rates' })).rejects.toThrow(/Unknown prompt: premiumBrief/);
      expect((await other.listResources()).resources).toEqual([]);
      expect((await other.listPrompts()).prompts).toEqual([]);
      expect(otherChanged.count()).toBe(0);
    });
  });

  it('disable() hides a component from this session, later rules win, resetVisibility() restores the defaults', async () => {
    await withClients([connect('v2-legacy', server.url)], async (client) => {
      await client.callTool('unlockPremium');
      await client.callTool('hideReport');
      expect(await toolNames(client)).toEqual(['analyze', 'enableRaw', 'hideBridge', 'hideReport', 'resetFeatures', 'unlockPremium']);
      await expect(client.callTool('report')).rejects.toThrow(/Unknown tool: report/);
      await client.callTool('enableRaw', { filter: { names: ['report'] } });
      expect(textOf(await client.callTool('report'))).toBe('free report');
      await client.callTool('resetFeatures');
      expect(await toolNames(client)).toEqual(DEFAULT_TOOLS);
    });
  });

  it('a hidden prompt has no completions for the session that does not see it', async () => {
    await withClients([connect('v2-legacy', server.url)], async (client) => {
      const complete = () => client.raw.complete({ ref: { type: 'ref/prompt', name: 'premiumBrief' }, argument: { name: 'topic', value: 'm' } });
      await expect(complete()).rejects.toThrow(/Unknown prompt: premiumBrief/);
      await client.callTool('unlockPremium');
      expect((await complete()).completion.values).toEqual(['markets']);
    });
  });

  it('answers hostile filters with a tool error naming the problem, and bounds the rules a session keeps', async () => {
    await withClients([connect('v1', server.url)], async (client) => {
      const hostile: [unknown, RegExp][] = [
        [null, /must be an object/],
        [['report'], /must be an object/],
        [{ names: 'report' }, /names must be an array of strings/],
        [{ names: [42] }, /names must be an array of strings/],
        [{ tags: Array.from({ length: 257 }, (_, index) => `t${index}`) }, /at most 256 entries/],
        [{ names: ['x'.repeat(513)] }, /longer than 512 characters/],
        [{ kinds: ['tool', 'bogus'] }, /kinds may hold tool, resource, prompt, not "bogus"/],
        [{ names: ['report'], __proto__: { polluted: true }, extra: 1 }, /unknown filter key "extra"/],
      ];
      for (const [filter, expected] of hostile) {
        const result = await client.callTool('enableRaw', { filter });
        expect({ filter, isError: result.isError, text: textOf(result) }).toEqual({ filter, isError: true, text: expect.stringMatching(expected) });
      }
      for (let index = 0; index < 64; index++) await client.callTool('enableRaw', { filter: { names: [`n${index}`] } });
      const tooMany = await client.callTool('enableRaw', { filter: { names: ['one-more'] } });
      expect(tooMany.isError).toBe(true);
      expect(textOf(tooMany)).toMatch(/too many visibility rules .* call ctx\.session\.resetVisibility\(\) first/);
      // The same filter again replaces its earlier rule instead of adding one.
      expect(textOf(await client.callTool('enableRaw', { filter: { names: ['n3'] } }))).toBe('enabled');
      expect(textOf(await client.callTool('resetFeatures'))).toBe('reset');
      expect(textOf(await client.callTool('unlockPremium'))).toBe('unlocked');
    });
  });

  it('refuses visibility changes where there is no session (2026-07-28 requests)', async () => {
    await withClients([connect('v2-modern', server.url)], async (client) => {
      const result = await client.callTool('unlockPremium');
      expect(result.isError).toBe(true);
      expect(textOf(result)).toMatch(/Component visibility is per session: this request has none/);
      expect(await toolNames(client)).toEqual(DEFAULT_TOOLS);
    });
  });
});

describe('per-session visibility without sessions (stateless 2025 HTTP)', () => {
  let server: RunningApp;
  beforeAll(async () => {
    server = await startApp(featuresModule({ stateless: true }));
  });
  afterAll(() => server.close());

  it('keeps the server defaults and refuses the change with a clear error', async () => {
    await withClients([connect('v1', server.url)], async (client) => {
      const result = await client.callTool('unlockPremium');
      expect(result.isError).toBe(true);
      expect(textOf(result)).toMatch(/per session: this request has none \(stateless HTTP/);
      await expect(client.callTool('analyze', { data: 'x' })).rejects.toThrow(/Unknown tool: analyze/);
    });
  });
});

describe('the disabled option', () => {
  it.each([
    [{ tags: 'premium' }, 'McpModule `disabled[0]`: tags must be an array of strings'],
    [{ kinds: ['tools'] }, 'McpModule `disabled[0]`: kinds may hold tool, resource, prompt, not "tools"'],
    [{ name: ['report'] }, 'McpModule `disabled[0]`: unknown filter key "name" (use names, tags or kinds)'],
  ])('refuses %j at start-up, naming the filter', async (filter, message) => {
    const start = async () => (await Test.createTestingModule({ imports: [featuresModule({ disabled: [filter as never] })] }).compile()).init();
    await expect(start()).rejects.toThrow(message);
  });

  it('refuses a disabled option that is not an array', async () => {
    const start = async () => (await Test.createTestingModule({ imports: [featuresModule({ disabled: { tags: ['x'] } as never })] }).compile()).init();
    await expect(start()).rejects.toThrow('McpModule `disabled` must be an array of filters');
  });
});

describe('per-session visibility in memory (McpTestClient)', () => {
  let moduleRef: TestingModule;
  afterEach(() => moduleRef.close());

  it('a connection is a session: enable() changes what it sees and tells it, not another connection', async () => {
    moduleRef = await Test.createTestingModule({ imports: [featuresModule()] }).compile();
    const [mine, other] = [await McpTestClient.create(moduleRef), await McpTestClient.create(moduleRef)];
    await mine.callTool('unlockPremium');
    await mine.waitForNotification('notifications/tools/list_changed');
    expect(await toolNames(mine)).toContain('analyze');
    expect(await toolNames(other)).not.toContain('analyze');
    expect(other.notifications).toEqual([]);
    await Promise.all([mine.close(), other.close()]);
  });

  it('applies to the bridge tools: list_resources and read_resource see what the session sees, and can be hidden', async () => {
    moduleRef = await Test.createTestingModule({ imports: [featuresModule({ resourcesAsTools: true })] }).compile();
    const client = await McpTestClient.create(moduleRef);
    expect((await client.callTool('list_resources')).structuredContent).toEqual({ resources: [], resourceTemplates: [] });
    expect((await client.callTool('read_resource', { uri: 'premium://feed' })).isError).toBe(true);
    await client.callTool('enableRaw', { filter: { names: ['premium://feed'] } });
    expect((await client.callTool('list_resources')).structuredContent).toMatchObject({ resources: [{ uri: 'premium://feed' }] });
    expect(JSON.stringify(await client.callTool('read_resource', { uri: 'premium://feed' }))).toContain('premium feed');
    expect(await toolNames(client)).toContain('list_resources');
    await client.callTool('hideBridge');
    expect(await toolNames(client)).not.toContain('list_resources');
    await expect(client.callTool('list_resources')).rejects.toThrow(/Unknown tool: list_resources/);
    await client.close();
  });
});

/** A real child process (`test/fixtures/stdio-session.mjs` on the built library, `npm run build`), as a desktop host runs it. */
describe('per-session visibility over stdio', () => {
  const entry = resolve(process.cwd(), 'test/fixtures/stdio-session.mjs');
  const stdioNames = async (client: { listTools(): Promise<{ tools: { name: string }[] }> }) => (await client.listTools()).tools.map((tool) => tool.name).sort();

  it('2025-11-25: the connection is the session, told by list_changed', async () => {
    const client = new ClientV1({ name: 'stdio-visibility-v1', version: '1.0.0' });
    let changed = 0;
    client.setNotificationHandler(ToolListChangedNotificationSchema, () => {
      changed++;
    });
    await client.connect(new StdioTransportV1({ command: process.execPath, args: [entry], stderr: 'inherit' }));
    try {
      expect(await stdioNames(client)).toEqual(['remember', 'unlock']);
      await expect(client.callTool({ name: 'premium', arguments: {} })).rejects.toThrow(/Unknown tool: premium/);
      expect(textOf(await client.callTool({ name: 'unlock', arguments: {} }))).toBe('unlocked');
      await waitFor(() => changed > 0);
      expect(await stdioNames(client)).toEqual(['premium', 'remember', 'unlock']);
      expect(textOf(await client.callTool({ name: 'premium', arguments: {} }))).toBe('premium answer');
    } finally {
      await client.close();
    }
  });

  it('2026-07-28: the connection is the session, told on its subscriptions/listen stream', async () => {
    const client = new ClientV2({ name: 'stdio-visibility-v2', version: '1.0.0' }, { versionNegotiation: { mode: { pin: '2026-07-28' } } });
    let changed = 0;
    client.setNotificationHandler('notifications/tools/list_changed', () => {
      changed++;
    });
    await client.connect(new StdioTransportV2({ command: process.execPath, args: [entry], stderr: 'inherit' }));
    const subscription = await client.listen({ toolsListChanged: true });
    try {
      expect(await stdioNames(client)).toEqual(['remember', 'unlock']);
      expect(textOf(await client.callTool({ name: 'unlock', arguments: {} }))).toBe('unlocked');
      await waitFor(() => changed > 0);
      expect(await stdioNames(client)).toEqual(['premium', 'remember', 'unlock']);
    } finally {
      await subscription.close();
      await client.close();
    }
  });
});
