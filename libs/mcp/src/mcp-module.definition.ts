import { ConfigurableModuleBuilder, type DynamicModule, type Provider } from '@nestjs/common';
import { DiscoveryModule, ModulesContainer } from '@nestjs/core';
import { createMcpHealthController } from './http/mcp-health.controller.js';
import { createMcpController } from './http/mcp-http.controller.js';
import type { McpEndpointOptions, McpModuleOptions } from './interfaces/mcp-module-options.interface.js';
import { MCP_DEFAULTS } from './options/mcp-defaults.js';
import { McpFastifyRoutes } from './http/mcp-fastify-routes.js';
import { DEFAULT_MCP_SERVER, getMcpRegistryToken, getMcpServerToken, MCP_SERVER_KEY } from './interfaces/mcp-server-tokens.js';
import { MCP_OPTIONS, resolveEndpointPath, resolveMcpOptions, type McpResolvedOptions } from './options/mcp-options.js';
import { McpRegistry } from './registry/mcp-registry.js';
import type { McpServerHandle } from './server/mcp-server-handle.js';
import { SdkServerFactory } from './server/sdk-server.factory.js';
import { McpSessionTelemetry, meterConnectionSession } from './telemetry/session-telemetry.js';
import { MCP_EXPORTS, MCP_PROVIDERS } from './mcp-module.providers.js';

/**
 * `forRoot` / `forRootAsync` from Nest's `ConfigurableModuleBuilder`. The endpoint options (path, HTTP guards) are
 * extras: they shape the controllers, so they must be known before an async options factory runs.
 */
export const {
  ConfigurableModuleClass: McpConfigurableModule,
  MODULE_OPTIONS_TOKEN: MCP_MODULE_OPTIONS,
  OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<McpModuleOptions>({ moduleName: 'Mcp' })
  .setClassMethodName('forRoot')
  .setFactoryMethodName('createMcpOptions')
  .setExtras<McpEndpointOptions>({ path: MCP_DEFAULTS.path, httpGuards: [] }, assembleMcpModule)
  .build();

/** `McpModule.forRoot()` options: the server options and the endpoint options in one object. */
export type McpModuleSyncOptions = typeof OPTIONS_TYPE;
/** `McpModule.forRootAsync()` options: `useFactory` + `inject`, `useClass` or `useExisting`, with `imports`. */
export type McpModuleAsyncOptions = typeof ASYNC_OPTIONS_TYPE;
/** A class `McpModule.forRootAsync({ useClass })` instantiates to get the options. */
export interface McpModuleOptionsFactory {
  createMcpOptions(): McpModuleOptions | Promise<McpModuleOptions>;
}

function assembleMcpModule(definition: DynamicModule, endpoint: McpEndpointOptions): DynamicModule {
  const path = resolveEndpointPath(endpoint);
  const key = serverKeyOf(endpoint);
  const [registryToken, serverToken] = [getMcpRegistryToken(key), getMcpServerToken(key)];
  const named: Provider[] = [
    { provide: registryToken, useExisting: McpRegistry },
    {
      provide: serverToken,
      useFactory: (servers: SdkServerFactory, sessions: McpSessionTelemetry, options: McpResolvedOptions, routes: McpFastifyRoutes, modules: ModulesContainer): McpServerHandle => ({
        key: uniqueServerKey(key, modules),
        options,
        connectionServer(transport, era) {
          const server = servers.create({ transport, era, lifetime: 'connection' });
          if (era === 'legacy') meterConnectionSession(server, sessions, transport);
          return server;
        },
        endpointPaths: () => routes.paths,
      }),
      inject: [SdkServerFactory, McpSessionTelemetry, MCP_OPTIONS, McpFastifyRoutes, ModulesContainer],
    },
  ];
  return {
    ...definition,
    global: true,
    imports: [DiscoveryModule, ...(definition.imports ?? [])],
    controllers: [createMcpController(path, endpoint.httpGuards), createMcpHealthController(path)],
    providers: [
      ...(definition.providers ?? []),
      {
        provide: MCP_OPTIONS,
        useFactory: (options: McpModuleOptions) => resolveMcpOptions(options, endpoint),
        inject: [MCP_MODULE_OPTIONS],
      },
      ...MCP_PROVIDERS,
      ...named,
    ],
    exports: [...MCP_EXPORTS, registryToken, serverToken],
  };
}

function serverKeyOf(endpoint: McpEndpointOptions): string {
  const key = endpoint.server ?? DEFAULT_MCP_SERVER;
  if (!MCP_SERVER_KEY.test(key)) throw new Error(`McpModule server key ${JSON.stringify(key)}: use 1 to 64 letters, digits, _ and -`);
  return key;
}

/** Two servers under one key would leave `@InjectMcpRegistry(key)` and the test kit to pick one silently. */
function uniqueServerKey(key: string, modules: ModulesContainer): string {
  const token = getMcpServerToken(key);
  const holders = [...modules.values()].filter((module) => module.providers.has(token));
  if (holders.length > 1) {
    throw new Error(`${holders.length} McpModule servers have the key "${key}": give each its own, McpModule.forRoot({ server: 'admin', path: 'admin/mcp', ... })`);
  }
  return key;
}
