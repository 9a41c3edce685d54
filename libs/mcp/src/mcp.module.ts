import { InMemoryServerEventBus } from '@modelcontextprotocol/server';
import { Module, type DynamicModule, type MiddlewareConsumer, type NestModule, type Provider } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { DEFAULT_MCP_PATH, MCP_MODULE_OPTIONS } from './constants.js';
import { McpExplorer } from './discovery/mcp-explorer.service.js';
import { McpMetadataAccessor } from './discovery/mcp-metadata.accessor.js';
import { LegacySessions } from './http/legacy-sessions.js';
import { McpLifecycle } from './http/mcp-lifecycle.js';
import { McpFastifyRoutes } from './http/mcp-fastify-routes.js';
import { createMcpController } from './http/mcp-http.controller.js';
import { createMcpHealthController } from './http/mcp-health.controller.js';
import { McpHttpService } from './http/mcp-http.service.js';
import type {
  McpEndpointOptions,
  McpModuleAsyncOptions,
  McpModuleOptions,
  McpModuleOptionsFactory,
  McpModuleSyncOptions,
} from './interfaces/mcp-module-options.interface.js';
import { MCP_RESOLVED_OPTIONS, normalizePath, resolveOptions, type McpResolvedOptions } from './mcp-options.js';
import { McpPipelineFactory } from './pipeline/mcp-pipeline.factory.js';
import { McpRegistry } from './registry/mcp-registry.js';
import { McpHandlers } from './server/mcp-handlers.js';
import { McpInvoker } from './server/mcp-invoker.js';
import { McpTaskMethods } from './server/task-methods.js';
import { McpToolCalls } from './server/tool-calls.js';
import { McpTaskManager } from './tasks/mcp-task-manager.js';
import { MemoryTaskStore } from './tasks/memory-task-store.js';
import { MCP_TASK_STORE } from './tasks/task-store.interface.js';
import { McpServerFactory } from './server/mcp-server.factory.js';
import { createInputStateCodec, MCP_INPUT_STATE_CODEC } from './server/input-required-state.js';
import { MemorySessionStore } from './session/memory-session-store.js';
import { McpHealth } from './session/mcp-health.js';
import { McpInstance } from './session/mcp-instance.js';
import { MCP_NOTIFICATION_BUS } from './session/notification-bus.js';
import { LocalRelay, MCP_RELAY } from './session/session-relay.js';
import { MCP_SESSION_STORE } from './session/session-store.interface.js';

/**
 * Turns the app into an MCP server: `@Tool`, `@Resource` and `@Prompt` methods of every provider and controller
 * are served over streamable HTTP (a Nest controller at `path`) and, with `bootstrapStdio`, over stdio.
 */
@Module({})
export class McpModule implements NestModule {
  constructor(private readonly fastifyRoutes: McpFastifyRoutes) {}

  /** Runs on HTTP apps after the adapter exists and before routes are registered: the hook tunes the MCP routes. */
  configure(_consumer: MiddlewareConsumer): void {
    this.fastifyRoutes.install();
  }

  static forRoot(options: McpModuleSyncOptions): DynamicModule {
    const { path, httpGuards, ...serverOptions } = options;
    return McpModule.assemble({ path, httpGuards }, [{ provide: MCP_MODULE_OPTIONS, useValue: serverOptions }]);
  }

  static forRootAsync(options: McpModuleAsyncOptions): DynamicModule {
    const { path, httpGuards, imports = [] } = options;
    return McpModule.assemble({ path, httpGuards }, McpModule.asyncOptionsProviders(options), imports);
  }

  private static assemble(
    endpoint: McpEndpointOptions,
    optionsProviders: Provider[],
    imports: DynamicModule['imports'] = [],
  ): DynamicModule {
    const resolved: Provider = {
      provide: MCP_RESOLVED_OPTIONS,
      useFactory: (options: McpModuleOptions) => resolveOptions(options, endpoint.path),
      inject: [MCP_MODULE_OPTIONS],
    };
    const store: Provider = {
      provide: MCP_SESSION_STORE,
      useFactory: (options: McpResolvedOptions) => options.sessionStore ?? options.store?.sessions ?? new MemorySessionStore(),
      inject: [MCP_RESOLVED_OPTIONS],
    };
    const bus: Provider = {
      provide: MCP_NOTIFICATION_BUS,
      useFactory: (options: McpResolvedOptions) => options.store?.bus ?? new InMemoryServerEventBus(),
      inject: [MCP_RESOLVED_OPTIONS],
    };
    const relay: Provider = {
      provide: MCP_RELAY,
      useFactory: (options: McpResolvedOptions) => options.store?.relay ?? new LocalRelay(),
      inject: [MCP_RESOLVED_OPTIONS],
    };
    const taskStore: Provider = {
      provide: MCP_TASK_STORE,
      useFactory: (options: McpModuleOptions) => options.tasks?.store ?? options.store?.tasks ?? new MemoryTaskStore(),
      inject: [MCP_MODULE_OPTIONS],
    };
    const inputState: Provider = {
      provide: MCP_INPUT_STATE_CODEC,
      useFactory: (options: McpResolvedOptions) => createInputStateCodec(options.inputRequired),
      inject: [MCP_RESOLVED_OPTIONS],
    };
    const path = normalizePath(endpoint.path ?? DEFAULT_MCP_PATH);
    const controllers = [createMcpController(path, endpoint.httpGuards), createMcpHealthController(path)];
    return {
      module: McpModule,
      global: true,
      imports: [DiscoveryModule, ...imports],
      controllers,
      providers: [
        ...optionsProviders,
        resolved,
        store,
        bus,
        relay,
        inputState,
        taskStore,
        McpMetadataAccessor,
        McpPipelineFactory,
        McpRegistry,
        McpExplorer,
        McpInvoker,
        McpHandlers,
        McpToolCalls,
        McpTaskManager,
        McpTaskMethods,
        McpServerFactory,
        McpInstance,
        McpLifecycle,
        LegacySessions,
        McpHttpService,
        McpFastifyRoutes,
        McpHealth,
      ],
      exports: [McpRegistry, McpServerFactory, McpFastifyRoutes, McpHealth, MCP_RESOLVED_OPTIONS],
    };
  }

  private static asyncOptionsProviders(options: McpModuleAsyncOptions): Provider[] {
    if (options.useFactory) {
      return [{ provide: MCP_MODULE_OPTIONS, useFactory: options.useFactory, inject: options.inject ?? [] }];
    }
    const factoryClass = options.useClass ?? options.useExisting;
    if (!factoryClass) throw new Error('McpModule.forRootAsync needs useFactory, useClass or useExisting');
    const factory: Provider = {
      provide: MCP_MODULE_OPTIONS,
      useFactory: (optionsFactory: McpModuleOptionsFactory) => optionsFactory.createMcpOptions(),
      inject: [factoryClass],
    };
    return options.useClass ? [factory, { provide: options.useClass, useClass: options.useClass }] : [factory];
  }
}
