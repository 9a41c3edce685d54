import { Injectable, Module, UseGuards, type CanActivate } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ResourceUpdatedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { Arg, CacheResult, Complete, getMcpRegistryToken, McpCtx, McpModule, McpRegistry, Prompt, Resource, Tool, type McpContext } from 'nestjs-mcp';
import { McpTestClient } from 'nestjs-mcp/testing';
import { startApp, type RunningApp } from '../helpers/app.js';
import { ALL_CLIENTS, connect, textOf, withClients, type AnyClient } from '../helpers/clients.js';
import { waitFor } from '../helpers/wait.js';

// `mount: [{ module, namespace }]`: a module's tools and prompts as `<namespace>_<name>`, its resources under
// `<scheme>://<namespace>/`, its completions pointing at them; per server, so another server serves the same module
// plain. A guard inside the mounted module still hides what it denies. The module's code announces updates under its
// own URIs: subscribers of a server that mounts it hear of them under the namespaced URIs, and cached reads end.
class Deny implements CanActivate {
  canActivate(): boolean {
    return false;
  }
}

@Injectable()
class Stars {
  private readonly counts = new Map<string, number>();

  of(repo: string): number {
    return this.counts.get(repo) ?? 0;
  }

  add(repo: string): number {
    this.counts.set(repo, this.of(repo) + 1);
    return this.of(repo);
  }
}

@Injectable()
class GithubTools {
  constructor(private readonly stars: Stars) {}

  @Tool({ description: 'Search repositories' })
  search(@Arg('query') query: string) {
    return `results for ${query}`;
  }

  @Tool({ description: 'Never allowed' })
  @UseGuards(Deny)
  deleteRepo() {
    return 'gone';
  }

  @Resource({ uri: 'repo://trending', mimeType: 'text/plain', description: 'Trending repositories' })
  trending() {
    return 'nestjs/nest';
  }

  @CacheResult({ ttlMs: 60_000 })
  @Resource({ uri: 'repo://{owner}/{name}', name: 'repo', mimeType: 'text/plain', description: 'One repository' })
  repo(@Arg('owner') owner: string, @Arg('name') name: string) {
    return `${owner}/${name} (${this.stars.of(`${owner}/${name}`)} stars)`;
  }

  @Tool({ description: 'Star a repository' })
  star(@Arg('owner') owner: string, @Arg('name') name: string, @McpCtx() ctx: McpContext) {
    const stars = this.stars.add(`${owner}/${name}`);
    ctx.notifyResourceUpdated(`repo://${owner}/${name}`);
    return `${stars} stars`;
  }

  @Prompt({ name: 'summarize', description: 'Summarize a repository' })
  summarize(@Arg('repo') repo: string) {
    return `Summarize ${repo}`;
  }

  @Complete({ prompt: 'summarize', argument: 'repo' })
  repos() {
    return ['nestjs/nest', 'nestjs/cli'];
  }

  @Complete({ resource: 'repo://{owner}/{name}', argument: 'owner' })
  owners() {
    return ['nestjs'];
  }
}

@Module({ providers: [GithubTools, Stars, Deny] })
class GithubModule {}

@Module({
  imports: [
    GithubModule,
    McpModule.forRoot({ name: 'hub', version: '1.0.0', mount: [{ module: GithubModule, namespace: 'github' }] }),
    McpModule.forRoot({ name: 'plain', version: '1.0.0', server: 'plain', path: 'plain/mcp' }),
  ],
})
class MountedApp {}

describe.each(ALL_CLIENTS)('a mounted module under a namespace (%s client)', (kind) => {
  let server: RunningApp;
  beforeAll(async () => {
    server = await startApp(MountedApp);
  });
  afterAll(() => server.close());

  it('lists and calls tools and prompts by their namespaced names; the guard still hides deleteRepo', async () => {
    await withClients([connect(kind, server.url)], async (client) => {
      expect((await client.listTools()).tools.map((tool) => tool.name)).toEqual(['github_search', 'github_star']);
      expect((await client.callTool('github_search', { query: 'mcp' })).content).toEqual([{ type: 'text', text: 'results for mcp' }]);
      await expect(client.callTool('search', { query: 'mcp' })).rejects.toMatchObject({ code: -32602 });
      expect((await client.listPrompts()).prompts.map((prompt) => prompt.name)).toEqual(['github_summarize']);
      const prompt = await client.getPrompt('github_summarize', { repo: 'nestjs/nest' });
      expect(prompt.messages[0].content).toEqual({ type: 'text', text: 'Summarize nestjs/nest' });
    });
  });

  it('serves resources and templates under the namespace, reading through the template', async () => {
    await withClients([connect(kind, server.url)], async (client) => {
      expect((await client.listResources()).resources.map((resource) => resource.uri)).toEqual(['repo://github/trending']);
      expect((await client.listResourceTemplates()).resourceTemplates.map((template) => template.uriTemplate)).toEqual(['repo://github/{owner}/{name}']);
      expect((await client.readResource('repo://github/nestjs/cli')).contents).toEqual([{ uri: 'repo://github/nestjs/cli', mimeType: 'text/plain', text: 'nestjs/cli (0 stars)' }]);
      expect((await client.readResource('repo://github/trending')).contents[0].text).toBe('nestjs/nest');
    });
  });

  it('completes the namespaced prompt and template', async () => {
    await withClients([connect(kind, server.url)], async (client) => {
      const forPrompt = await client.raw.complete({ ref: { type: 'ref/prompt', name: 'github_summarize' }, argument: { name: 'repo', value: 'nestjs/c' } });
      expect(forPrompt.completion.values).toEqual(['nestjs/nest', 'nestjs/cli']);
      const forTemplate = await client.raw.complete({ ref: { type: 'ref/resource', uri: 'repo://github/{owner}/{name}' }, argument: { name: 'owner', value: 'n' } });
      expect(forTemplate.completion.values).toEqual(['nestjs']);
    });
  });

  it('serves the same module plain on the server that does not mount it', async () => {
    await withClients([connect(kind, new URL('/plain/mcp', server.origin))], async (client) => {
      expect((await client.listTools()).tools.map((tool) => tool.name)).toEqual(['search', 'star']);
      expect((await client.listResourceTemplates()).resourceTemplates.map((template) => template.uriTemplate)).toEqual(['repo://{owner}/{name}']);
    });
  });

  it("announces an update the module's call makes under its own URI to subscribers of the namespaced URI, ending its cached read", async () => {
    await withClients([connect(kind, server.url)], async (client) => {
      const updates = await subscribe(client, ['repo://github/nestjs/nest', 'repo://github/trending']);
      expect(await textAt(client, 'repo://github/nestjs/nest')).toBe('nestjs/nest (0 stars)');
      expect(textOf(await client.callTool('github_star', { owner: 'nestjs', name: 'nest' }))).toBe('1 stars');
      registry(server, 'default').notifyResourceUpdated('repo://trending');
      await waitFor(() => updates.includes('repo://github/trending'));
      expect(updates).toEqual(['repo://github/nestjs/nest', 'repo://github/trending']);
      expect(await textAt(client, 'repo://github/nestjs/nest')).toBe('nestjs/nest (1 stars)');
    });
  });

  it("announces McpRegistry.notifyResourceUpdated of the module's own URI or the namespaced one, ending cached reads", async () => {
    await withClients([connect(kind, server.url)], async (client) => {
      const updates = await subscribe(client, ['repo://github/vercel/next', 'repo://github/trending']);
      expect(await textAt(client, 'repo://github/vercel/next')).toBe('vercel/next (0 stars)');
      server.app.get(Stars).add('vercel/next');
      expect(await textAt(client, 'repo://github/vercel/next')).toBe('vercel/next (0 stars)');
      const hub = registry(server, 'default');
      hub.notifyResourceUpdated('repo://vercel/next');
      expect(await textAt(client, 'repo://github/vercel/next')).toBe('vercel/next (1 stars)');
      hub.notifyResourceUpdated('repo://github/trending');
      hub.notifyResourceUpdated('repo://trending');
      await waitFor(() => updates.length === 3);
      expect(updates).toEqual(['repo://github/vercel/next', 'repo://github/trending', 'repo://github/trending']);
    });
  });

  it('announces the plain URIs on the server that serves the module plain', async () => {
    await withClients([connect(kind, new URL('/plain/mcp', server.origin))], async (client) => {
      const updates = await subscribe(client, ['repo://nestjs/cli', 'repo://trending']);
      await client.callTool('star', { owner: 'nestjs', name: 'cli' });
      registry(server, 'plain').notifyResourceUpdated('repo://trending');
      await waitFor(() => updates.includes('repo://trending'));
      expect(updates).toEqual(['repo://nestjs/cli', 'repo://trending']);
    });
  });
});

describe('namespaced resource updates in memory (McpTestClient)', () => {
  it('reach the subscribers of each server in the form that server serves', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [MountedApp] }).compile();
    const hub = await McpTestClient.create(moduleRef);
    const plain = await McpTestClient.create(moduleRef, { server: 'plain' });
    try {
      for (const uri of ['repo://github/nestjs/nest', 'repo://github/trending']) await hub.client.subscribeResource({ uri });
      for (const uri of ['repo://nestjs/nest', 'repo://trending']) await plain.client.subscribeResource({ uri });
      await hub.callTool('github_star', { owner: 'nestjs', name: 'nest' });
      await plain.callTool('star', { owner: 'nestjs', name: 'nest' });
      for (const server of ['default', 'plain']) moduleRef.get<McpRegistry>(getMcpRegistryToken(server)).notifyResourceUpdated('repo://trending');
      await waitFor(() => updatedUris(hub).length === 2 && updatedUris(plain).length === 2);
      expect(updatedUris(hub)).toEqual(['repo://github/nestjs/nest', 'repo://github/trending']);
      expect(updatedUris(plain)).toEqual(['repo://nestjs/nest', 'repo://trending']);
    } finally {
      await Promise.all([hub.close(), plain.close()]);
      await moduleRef.close();
    }
  });
});

/** Subscribes as the client's era does (2025: resources/subscribe, 2026-07-28: subscriptions/listen); the URIs updated. */
async function subscribe(client: AnyClient, uris: string[]): Promise<string[]> {
  const updates: string[] = [];
  const collect = (notification: { params: { uri: string } }) => {
    updates.push(notification.params.uri);
  };
  if (client.kind === 'v1') client.raw.setNotificationHandler(ResourceUpdatedNotificationSchema, collect);
  else client.raw.setNotificationHandler('notifications/resources/updated', collect);
  if (client.kind === 'v2-modern') await client.raw.listen({ resourceSubscriptions: uris });
  else for (const uri of uris) await client.raw.subscribeResource({ uri });
  return updates;
}

async function textAt(client: AnyClient, uri: string): Promise<string> {
  return (await client.readResource(uri)).contents[0].text;
}

function registry(server: RunningApp, key: string): McpRegistry {
  return server.app.get<McpRegistry>(getMcpRegistryToken(key));
}

function updatedUris(client: McpTestClient): string[] {
  return client.notifications.filter((notification) => notification.method === 'notifications/resources/updated').map((notification) => (notification.params as { uri: string }).uri);
}

describe('mount: mistakes refused at start-up', () => {
  it.each([
    [[{ module: GithubModule, namespace: 'git hub' }], 'McpModule mount namespace "git hub": use 1 to 32 letters, digits, _ and -'],
    [[{ module: GithubModule, namespace: 'a' }, { module: GithubModule, namespace: 'b' }], 'McpModule mount: GithubModule is mounted twice'],
  ])('%#: refused', async (mount, message) => {
    @Module({ imports: [GithubModule, McpModule.forRoot({ name: 'bad', version: '1.0.0', mount })] })
    class BadMount {}
    await expect(Test.createTestingModule({ imports: [BadMount] }).compile()).rejects.toThrow(message);
  });

  it('refuses a resource that cannot take a namespace', async () => {
    @Injectable()
    class Urn {
      @Resource({ uri: 'urn:isbn:0451450523', description: 'A book' })
      book() {
        return 'book';
      }
    }
    @Module({ providers: [Urn] })
    class UrnModule {}
    @Module({ imports: [UrnModule, McpModule.forRoot({ name: 'urn', version: '1.0.0', mount: [{ module: UrnModule, namespace: 'books' }] })] })
    class UrnApp {}
    const moduleRef = await Test.createTestingModule({ imports: [UrnApp] }).compile();
    await expect(moduleRef.init()).rejects.toThrow('Cannot mount the resource "urn:isbn:0451450523" under the namespace "books": a namespaced URI needs the form scheme://…');
    await moduleRef.close();
  });
});
