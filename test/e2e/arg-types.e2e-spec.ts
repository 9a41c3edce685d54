import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { Injectable, Logger, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Arg, McpModule, Prompt, Tool } from 'nestjs-mcp';
import { McpTestClient } from 'nestjs-mcp/testing';
import { AppModule } from '../../src/app.module.js';

@Injectable()
class Untyped {
  @Tool()
  resize(@Arg('width') width = 5, @Arg('label') label: string, @Arg('anything', { schema: { type: 'integer' } }) anything: unknown) {
    return `${width} ${label} ${String(anything)}`;
  }

  @Prompt()
  greet(@Arg('who') who: unknown) {
    return `Hello ${String(who)}`;
  }
}

@Injectable()
class Typed {
  @Tool()
  scale(@Arg('factor') factor: number, @Arg('tags') tags: string[], @Arg('on', { required: false }) on?: boolean) {
    return `${factor} ${tags.length} ${on}`;
  }
}

const moduleWith = (provider: new () => unknown) =>
  Test.createTestingModule({ imports: [McpModule.forRoot({ name: 'arg-types', version: '1.0.0' })], providers: [provider] }).compile();

describe('@Arg parameters whose type cannot be derived', () => {
  let warn: ReturnType<typeof jest.spyOn>;
  beforeEach(() => {
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => {
    warn.mockRestore();
  });

  it('are warned about once each at bootstrap, naming the component, the parameter and the fixes', async () => {
    const moduleRef = await moduleWith(Untyped);
    await moduleRef.init();
    await moduleRef.init();
    const messages = (warn.mock.calls as unknown[][]).map(([message]) => String(message));
    expect(messages).toHaveLength(2);
    expect(messages[0]).toMatch(/Tool "resize" \(Untyped\.resize\): @Arg\('width'\) has no type the schema can be derived from/);
    expect(messages[0]).toMatch(/type annotation/);
    expect(messages[0]).toMatch(/@Arg\('width', \{ schema: /);
    expect(messages[1]).toMatch(/Prompt "greet" \(Untyped\.greet\): @Arg\('who'\)/);
    await moduleRef.close();
  });

  it('are not reported when every type is known', async () => {
    const moduleRef = await moduleWith(Typed);
    await moduleRef.init();
    expect(warn).not.toHaveBeenCalled();
    await moduleRef.close();
  });
});

describe('the demo', () => {
  it('publishes a type for every tool argument', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
    const client = await McpTestClient.create(moduleRef);
    try {
      const { tools } = await client.listTools();
      const untyped = tools.flatMap((tool) =>
        Object.entries((tool.inputSchema.properties ?? {}) as Record<string, Record<string, unknown>>)
          .filter(([, property]) => property.type === undefined)
          .map(([name]) => `${tool.name}.${name}`),
      );
      expect(untyped).toEqual([]);
    } finally {
      await client.close();
      await moduleRef.close();
    }
  });
});
