import { Injectable, Module, UseGuards, type CanActivate } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Arg, Complete, McpModule, Prompt, Resource, Tool } from 'nestjs-mcp';
import { startApp, type RunningApp } from '../helpers/app.js';
import { ALL_CLIENTS, connect, withClients } from '../helpers/clients.js';

// `mount: [{ module, namespace }]`: a module's tools and prompts as `<namespace>_<name>`, its resources under
// `<scheme>://<namespace>/`, its completions pointing at them; per server, so another server serves the same module
// plain. A guard inside the mounted module still hides what it denies.
class Deny implements CanActivate {
  canActivate(): boolean {
    return false;
  }
}

@Injectable()
class GithubTools {
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

  @Resource({ uri: 'repo://{owner}/{name}', name: 'repo', mimeType: 'text/plain', description: 'One repository' })
  repo(@Arg('owner') owner: string, @Arg('name') name: string) {
    return `${owner}/${name}`;
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

@Module({ providers: [GithubTools, Deny] })
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
      expect((await client.listTools()).tools.map((tool) => tool.name)).toEqual(['github_search']);
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
      expect((await client.readResource('repo://github/nestjs/cli')).contents).toEqual([{ uri: 'repo://github/nestjs/cli', mimeType: 'text/plain', text: 'nestjs/cli' }]);
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
      expect((await client.listTools()).tools.map((tool) => tool.name)).toEqual(['search']);
      expect((await client.listResourceTemplates()).resourceTemplates.map((template) => template.uriTemplate)).toEqual(['repo://{owner}/{name}']);
    });
  });
});

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
