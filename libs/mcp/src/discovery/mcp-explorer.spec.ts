import { describe, expect, it } from '@jest/globals';
import { Controller, Injectable, Module, type Type } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { IsString } from 'class-validator';
import { z } from 'zod';
import { Arg, Args } from '../decorators/param.decorators.js';
import { Prompt } from '../decorators/prompt.decorator.js';
import { Resource } from '../decorators/resource.decorator.js';
import { Tool } from '../decorators/tool.decorator.js';
import { McpModule } from '../mcp.module.js';
import { McpTestClient } from '../testing/mcp-test-client.js';

async function boot(...providers: Type<unknown>[]) {
  const moduleRef = await Test.createTestingModule({
    imports: [McpModule.forRoot({ name: 'spec', version: '0.0.0' })],
    providers,
  }).compile();
  return moduleRef.init();
}

class NameDto {
  @IsString() name!: string;
}

@Injectable()
class First {
  @Tool() search() {
    return 'first';
  }
}

@Injectable()
class Second {
  @Tool({ name: 'search' }) find() {
    return 'second';
  }
}

describe('discovery', () => {
  it('fails bootstrap on duplicate tool names, naming both methods', async () => {
    await expect(boot(First, Second)).rejects.toThrow('Duplicate MCP tool "search": declared by First.search and by Second.find');
  });

  it('fails bootstrap on an invalid tool name', async () => {
    @Injectable()
    class Bad {
      @Tool({ name: 'has space' }) run() {
        return '';
      }
    }
    await expect(boot(Bad)).rejects.toThrow(/Invalid MCP tool name "has space" on Bad.run/);
  });

  it('finds components on controllers and providers of nested modules, with every descriptive option', async () => {
    @Controller()
    class SomeController {
      @Tool({ title: 'Ping', description: 'Replies pong', icons: [{ src: 'https://example.com/p.png' }], tags: ['net'], _meta: { owner: 'ops' } })
      ping() {
        return 'pong';
      }
    }
    @Injectable()
    class Docs {
      @Resource({ uri: 'docs://{+path}', description: 'A document' }) doc(@Arg('path') path: string) {
        return `doc at ${path}`;
      }
      @Resource({ uri: 'search://notes{?q}' }) search(@Arg('q') q: string) {
        return `searched ${q}`;
      }
      @Prompt({ title: 'Greet' }) greet(@Args() args: NameDto) {
        return `Hello ${args.name}`;
      }
    }
    @Module({ controllers: [SomeController], providers: [Docs] })
    class FeatureModule {}
    const moduleRef = await Test.createTestingModule({
      imports: [McpModule.forRoot({ name: 'spec', version: '0.0.0' }), FeatureModule],
    }).compile();
    const client = await McpTestClient.create(moduleRef);
    const { tools } = await client.listTools();
    expect(tools).toEqual([
      {
        name: 'ping',
        title: 'Ping',
        description: 'Replies pong',
        icons: [{ src: 'https://example.com/p.png' }],
        _meta: { owner: 'ops', tags: ['net'] },
        inputSchema: { type: 'object', additionalProperties: false },
      },
    ]);
    expect((await client.readResource('docs://a/b/c.md')).contents[0]).toEqual({ uri: 'docs://a/b/c.md', text: 'doc at a/b/c.md' });
    expect((await client.readResource('search://notes?q=cats')).contents[0]).toMatchObject({ text: 'searched cats' });
    expect((await client.listPrompts()).prompts).toEqual([{ name: 'greet', title: 'Greet', arguments: [{ name: 'name', required: true }] }]);
    expect((await client.getPrompt('greet', { name: 'Ada' })).messages[0].content).toEqual({ type: 'text', text: 'Hello Ada' });
    await client.close();
    await moduleRef.close();
  });

  it('accepts Standard Schema (zod 4) and raw JSON Schema inputs, validating with them', async () => {
    @Injectable()
    class Schemas {
      @Tool({ input: z.object({ n: z.number().int().min(0) }) }) square(@Args() args: { n: number }) {
        return String(args.n * args.n);
      }
      @Tool({
        input: {
          type: 'object',
          $defs: { word: { type: 'string', minLength: 2 } },
          properties: { w: { $ref: '#/$defs/word' } },
          required: ['w'],
          additionalProperties: false,
        },
      })
      shout(@Arg('w') w: string) {
        return w.toUpperCase();
      }
    }
    const moduleRef = await boot(Schemas);
    const client = await McpTestClient.create(moduleRef);
    const { tools } = await client.listTools();
    expect(tools.find((tool) => tool.name === 'square')!.inputSchema).toMatchObject({
      type: 'object',
      properties: { n: { type: 'integer', minimum: 0 } },
      required: ['n'],
    });
    expect(tools.find((tool) => tool.name === 'shout')!.inputSchema).toMatchObject({ $defs: { word: { type: 'string', minLength: 2 } } });
    expect((await client.callTool('square', { n: 7 })).content).toEqual([{ type: 'text', text: '49' }]);
    expect(await client.callTool('square', { n: -1 })).toMatchObject({ isError: true, content: [{ text: expect.stringMatching(/^Invalid arguments.*\nn: /) }] });
    expect((await client.callTool('shout', { w: 'hey' })).content).toEqual([{ type: 'text', text: 'HEY' }]);
    expect((await client.callTool('shout', { w: 'h' })).isError).toBe(true);
    expect((await client.callTool('shout', { w: 'hey', extra: 1 })).isError).toBe(true);
    await client.close();
    await moduleRef.close();
  });

  it('configures asynchronously with forRootAsync', async () => {
    @Injectable()
    class Config {
      readonly name = 'from-config';
    }
    @Module({ providers: [Config], exports: [Config] })
    class ConfigModule {}
    const moduleRef = await Test.createTestingModule({
      imports: [
        McpModule.forRootAsync({
          imports: [ConfigModule],
          inject: [Config],
          useFactory: async (config: Config) => ({ name: config.name, version: '2.0.0' }),
        }),
      ],
      providers: [First],
    }).compile();
    const client = await McpTestClient.create(moduleRef);
    expect(client.client.getServerVersion()).toMatchObject({ name: 'from-config', version: '2.0.0' });
    await client.close();
    await moduleRef.close();
  });
});
