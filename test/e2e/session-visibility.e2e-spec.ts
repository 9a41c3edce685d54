import { Injectable, Module } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { Arg, Complete, McpCtx, McpModule, Prompt, Resource, Tool, type McpComponentFilter, type McpContext } from 'nestjs-mcp';
import { McpTestClient } from 'nestjs-mcp/testing';
import { startApp, type RunningApp } from '../helpers/app.js';
import { connect, SESSION_CLIENTS, textOf, withClients, type AnyClient } from '../helpers/clients.js';

// Per-session visibility: `disabled` hides components until a session turns them on with `ctx.session.enable()`;
// `disable()` hides more; `resetVisibility()` goes back to the server's defaults. Only the calling session is
// affected and told (`list_changed`); a hidden component is unknown to it, whatever the method.
@Injectable()
class FeatureTools {
  @Tool({ description: 'The free report' })
  report() {
    return 'free report';
  }

  @Tool({ description: 'Premium analysis', tags: ['premium'] })
  analyze(@Arg('data') data: string) {
    return `premium analysis of ${data}`;
  }

  @Resource({ uri: 'premium://feed', mimeType: 'text/plain', tags: ['premium'] })
  feed() {
    return 'premium feed';
  }

  @Prompt({ name: 'premiumBrief', description: 'A premium brief', tags: ['premium'] })
  brief(@Arg('topic') topic: string) {
    return `Brief me on ${topic}`;
  }

  @Complete({ prompt: 'premiumBrief', argument: 'topic' })
  topics() {
    return ['markets'];
  }

  @Tool({ description: 'Unlocks the premium components for this session' })
  async unlockPremium(@McpCtx() ctx: McpContext) {
    await ctx.session.enable({ tags: ['premium'] });
    return 'unlocked';
  }

  @Tool({ description: 'Hides the free report from this session' })
  async hideReport(@McpCtx() ctx: McpContext) {
    await ctx.session.disable({ names: ['report'], kinds: ['tool'] });
    return 'hidden';
  }

  @Tool({ description: 'Hides list_resources from this session' })
  async hideBridge(@McpCtx() ctx: McpContext) {
    await ctx.session.disable({ names: ['list_resources'] });
    return 'hidden';
  }

  @Tool({ description: 'Back to the defaults' })
  async resetFeatures(@McpCtx() ctx: McpContext) {
    await ctx.session.resetVisibility();
    return 'reset';
  }

  @Tool({ description: 'Enables whatever filter it is given (hostile-input tests)', inputSchema: { type: 'object', properties: { filter: {} } } })
  async enableRaw(@Arg('filter') filter: unknown, @McpCtx() ctx: McpContext) {
    await ctx.session.enable(filter as McpComponentFilter);
    return 'enabled';
  }
}

function featuresModule(extra: { stateless?: boolean; resourcesAsTools?: boolean; promptsAsTools?: boolean } = {}) {
  @Module({
    imports: [McpModule.forRoot({ name: 'features', version: '1.0.0', disabled: [{ tags: ['premium'] }], ...extra })],
    providers: [FeatureTools],
  })
  class FeaturesModule {}
  return FeaturesModule;
}

async function toolNames(client: Pick<AnyClient, 'listTools'>): Promise<string[]> {
  return (await client.listTools()).tools.map((tool) => tool.name).sort();
}

/** Counts the `tools/list_changed` notifications a client receives. */
function countToolListChanged(client: AnyClient): { count: () => number } {
  let received = 0;
  const handler = () => {
    received++;
  };
  if (client.kind === 'v1') client.raw.setNotificationHandler(ToolListChangedNotificationSchema, handler);
  else client.raw.setNotificationHandler('notifications/tools/list_changed', handler);
  return { count: () => received };
}

async function eventually(check: () => boolean, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const DEFAULT_TOOLS = ['enableRaw', 'hideBridge', 'hideReport', 'report', 'resetFeatures', 'unlockPremium'];

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
      await eventually(() => mineChanged.count() > 0);
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

describe('per-session visibility in memory (McpTestClient)', () => {
  let moduleRef: TestingModule;
  afterEach(() => moduleRef.close());

  it.each(['legacy', 'modern'] as const)('%s: a connection is a session', async (era) => {
    moduleRef = await Test.createTestingModule({ imports: [featuresModule()] }).compile();
    const [mine, other] = [await McpTestClient.create(moduleRef, { era }), await McpTestClient.create(moduleRef, { era })];
    await mine.callTool('unlockPremium');
    if (era === 'legacy') await mine.waitForNotification('notifications/tools/list_changed');
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
