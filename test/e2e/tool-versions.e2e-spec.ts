import { Injectable, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Arg, McpModule, Tool } from 'nestjs-mcp';
import { startApp, type RunningApp } from '../helpers/app.js';
import { ALL_CLIENTS, connect, textOf, withClients } from '../helpers/clients.js';

// Several versions of one tool: lists show the highest (naming every version in _meta); a client calls another with
// _meta['io.github.nestjs-mcp/version']; an unknown version is a clear error.
const VERSION = 'io.github.nestjs-mcp/version';

@Injectable()
class SearchTools {
  @Tool({ name: 'search', version: '1.0.0', description: 'Search (first edition)' })
  searchV1(@Arg('query') query: string) {
    return `v1: ${query}`;
  }

  @Tool({ name: 'search', version: '2.0.0', description: 'Search, with a limit' })
  searchV2(@Arg('query') query: string, @Arg('limit') limit: number) {
    return `v2: ${query} (${limit})`;
  }

  @Tool({ name: 'search', version: '2.0.0-beta.1', description: 'Search (beta)' })
  searchBeta(@Arg('query') query: string) {
    return `beta: ${query}`;
  }
}

@Module({ imports: [McpModule.forRoot({ name: 'versions', version: '1.0.0' })], providers: [SearchTools] })
class VersionedApp {}


describe.each(ALL_CLIENTS)('tool versions (%s client)', (kind) => {
  let server: RunningApp;
  beforeAll(async () => {
    server = await startApp(VersionedApp);
  });
  afterAll(() => server.close());

  it('lists the highest version once, naming every version', async () => {
    await withClients([connect(kind, server.url)], async (client) => {
      const { tools } = await client.listTools();
      expect(tools).toHaveLength(1);
      expect(tools[0]).toMatchObject({ name: 'search', description: 'Search, with a limit', _meta: { [VERSION]: '2.0.0', 'io.github.nestjs-mcp/versions': ['1.0.0', '2.0.0-beta.1', '2.0.0'] } });
      expect(Object.keys(tools[0].inputSchema.properties)).toEqual(['query', 'limit']);
    });
  });

  it('calls the highest version by default and the version _meta asks for', async () => {
    await withClients([connect(kind, server.url)], async (client) => {
      expect(textOf(await client.callTool('search', { query: 'x', limit: 3 }))).toBe('v2: x (3)');
      expect(textOf(await client.raw.callTool({ name: 'search', arguments: { query: 'x' }, _meta: { [VERSION]: '1.0.0' } }))).toBe('v1: x');
      expect(textOf(await client.raw.callTool({ name: 'search', arguments: { query: 'x' }, _meta: { [VERSION]: '2.0.0-beta.1' } }))).toBe('beta: x');
    });
  });

  it('validates the arguments against the version called', async () => {
    await withClients([connect(kind, server.url)], async (client) => {
      // limit is required from 2.0.0 on: the same arguments fail on the highest version and pass on 1.0.0
      const refused = await client.callTool('search', { query: 'x' });
      expect(refused).toMatchObject({ isError: true, content: [{ text: expect.stringContaining('limit') }] });
      expect(textOf(await client.raw.callTool({ name: 'search', arguments: { query: 'x' }, _meta: { [VERSION]: '1.0.0' } }))).toBe('v1: x');
    });
  });

  it('refuses an unknown version, and a version that is not a string, naming what exists', async () => {
    await withClients([connect(kind, server.url)], async (client) => {
      await expect(client.raw.callTool({ name: 'search', arguments: { query: 'x' }, _meta: { [VERSION]: '3.0.0' } })).rejects.toMatchObject({
        code: -32602,
        message: expect.stringContaining('Unknown version "3.0.0" of tool "search"; it has 1.0.0, 2.0.0-beta.1, 2.0.0'),
      });
      await expect(client.raw.callTool({ name: 'search', arguments: { query: 'x' }, _meta: { [VERSION]: 2 } })).rejects.toMatchObject({
        code: -32602,
        message: expect.stringContaining(`_meta["${VERSION}"] must be a string`),
      });
    });
  });
});

describe('tool versions: mistakes refused at start-up', () => {
  const startUp = async (tools: object) => {
    @Module({ imports: [McpModule.forRoot({ name: 'bad', version: '1.0.0' })], providers: [tools as never] })
    class Bad {}
    const moduleRef = await Test.createTestingModule({ imports: [Bad] }).compile();
    try {
      await moduleRef.init();
    } finally {
      await moduleRef.close();
    }
  };

  it('refuses a version that is not semver', async () => {
    @Injectable()
    class NotSemver {
      @Tool({ version: 'v2' })
      a() {
        return 'a';
      }
    }
    await expect(startUp(NotSemver)).rejects.toThrow('The version of tool "a" (NotSemver.a) must be a semantic version such as 2.0.0, not "v2"');
  });

  it('refuses the same version twice, and versioned beside unversioned', async () => {
    @Injectable()
    class Twice {
      @Tool({ name: 'a', version: '1.0.0' })
      one() {
        return '1';
      }

      @Tool({ name: 'a', version: '1.0.0' })
      two() {
        return '2';
      }
    }
    await expect(startUp(Twice)).rejects.toThrow('version of tool "a"');
    @Injectable()
    class Mixed {
      @Tool({ name: 'b' })
      plain() {
        return 'p';
      }

      @Tool({ name: 'b', version: '1.0.0' })
      versioned() {
        return 'v';
      }
    }
    await expect(startUp(Mixed)).rejects.toThrow('give every tool of that name a version');
  });
});
