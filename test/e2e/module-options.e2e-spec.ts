import { afterEach, describe, expect, it } from '@jest/globals';
import { Inject, Injectable, Module, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Arg, McpModule, Tool, type McpModuleOptions, type McpModuleOptionsFactory } from 'nestjs-mcp';
import { connect, type AnyClient } from '../helpers/clients.js';
import { startApp, type RunningApp } from '../helpers/app.js';

const SETTINGS = Symbol('SETTINGS');

/** Stands in for a ConfigModule: the options factory reads from a provider of another module. */
@Module({ providers: [{ provide: SETTINGS, useValue: { name: 'configured', version: '2.3.4' } }], exports: [SETTINGS] })
class SettingsModule {}

@Injectable()
class EchoTools {
  @Tool({ description: 'Echo' })
  echo(@Arg('text') text: string) {
    return text;
  }
}

@Injectable()
class OptionsFromSettings implements McpModuleOptionsFactory {
  constructor(@Inject(SETTINGS) private readonly settings: { name: string; version: string }) {}

  createMcpOptions(): McpModuleOptions {
    return { ...this.settings, instructions: 'from a class' };
  }
}

@Module({ imports: [SettingsModule], providers: [OptionsFromSettings], exports: [OptionsFromSettings] })
class OptionsFactoryModule {}

@Injectable()
class DenyWithoutKey implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    return context.switchToHttp().getRequest<{ headers: Record<string, string> }>().headers['x-key'] === 'open';
  }
}

function appWith(mcp: ReturnType<typeof McpModule.forRootAsync>) {
  @Module({ imports: [mcp], providers: [EchoTools] })
  class AppModule {}
  return AppModule;
}

describe('McpModule.forRootAsync', () => {
  let running: RunningApp | undefined;
  let client: AnyClient | undefined;

  afterEach(async () => {
    await client?.close();
    await running?.close();
    client = undefined;
    running = undefined;
  });

  it('takes the options from useFactory with inject and imports, and serves at the static path', async () => {
    const mcp = McpModule.forRootAsync({
      path: '/tools/mcp/',
      imports: [SettingsModule],
      inject: [SETTINGS],
      useFactory: async (settings: { name: string; version: string }) => ({ ...settings, instructions: 'from a factory' }),
    });
    running = await startApp(appWith(mcp), { path: '/tools/mcp' });
    for (const kind of ['v2-legacy', 'v2-modern', 'v1'] as const) {
      client = await connect(kind, running.url);
      expect(client.raw.getServerVersion()).toMatchObject({ name: 'configured', version: '2.3.4' });
      expect(client.raw.getInstructions()).toBe('from a factory');
      expect((await client.callTool('echo', { text: kind })).content).toEqual([{ type: 'text', text: kind }]);
      await client.close();
      client = undefined;
    }
    expect((await fetch(new URL('/mcp', running.origin), { method: 'POST' })).status).toBe(404);
  });

  it('instantiates a useClass options factory with its dependencies', async () => {
    const mcp = McpModule.forRootAsync({ imports: [SettingsModule], useClass: OptionsFromSettings });
    running = await startApp(appWith(mcp));
    client = await connect('v2-legacy', running.url);
    expect(client.raw.getServerVersion()).toMatchObject({ name: 'configured' });
    expect(client.raw.getInstructions()).toBe('from a class');
  });

  it('uses an existing options factory (useExisting)', async () => {
    const mcp = McpModule.forRootAsync({ imports: [OptionsFactoryModule], useExisting: OptionsFromSettings });
    running = await startApp(appWith(mcp));
    client = await connect('v2-modern', running.url);
    expect((await client.callTool('echo', { text: 'existing' })).content).toEqual([{ type: 'text', text: 'existing' }]);
  });

  it('applies httpGuards given beside an async factory to every request of the endpoint', async () => {
    const mcp = McpModule.forRootAsync({ httpGuards: [DenyWithoutKey], useFactory: () => ({ name: 'guarded', version: '1.0.0' }) });
    running = await startApp(appWith(mcp));
    await expect(connect('v2-legacy', running.url)).rejects.toThrow();
    client = await connect('v2-legacy', running.url, { headers: { 'x-key': 'open' } });
    expect((await client.callTool('echo', { text: 'let in' })).content).toEqual([{ type: 'text', text: 'let in' }]);
  });

  it('refuses options without a server name and version at bootstrap', async () => {
    const mcp = McpModule.forRootAsync({ useFactory: () => ({ name: '', version: '1.0.0' }) });
    await expect(Test.createTestingModule({ imports: [appWith(mcp)] }).compile()).rejects.toThrow(
      'McpModule needs at least a server `name` and `version`',
    );
  });
});

describe('McpModule.forRoot', () => {
  it('serves at its path with exactly the server info it was given', async () => {
    @Module({ imports: [McpModule.forRoot({ name: 'plain', version: '1.0.0', path: 'v1/mcp' })], providers: [EchoTools] })
    class PlainModule {}
    const running = await startApp(PlainModule, { path: '/v1/mcp' });
    const client = await connect('v1', running.url);
    try {
      expect(client.raw.getServerVersion()).toEqual({ name: 'plain', version: '1.0.0' });
      expect((await client.listTools()).tools.map((tool) => tool.name)).toEqual(['echo']);
    } finally {
      await client.close();
      await running.close();
    }
  });
});
