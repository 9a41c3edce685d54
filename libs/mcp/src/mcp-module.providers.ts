import type { NestInterceptor, Provider, Type } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { McpAuthGate } from './auth/mcp-auth-gate.js';
import { McpHealth } from './cluster/mcp-health.js';
import { McpInstance } from './cluster/mcp-instance.js';
import { CallContextFactory } from './context/call-context.factory.js';
import { InputRoundStates } from './context/input-round-states.js';
import { McpExplorer } from './discovery/mcp-explorer.service.js';
import { McpMetadataAccessor } from './discovery/mcp-metadata.accessor.js';
import { McpErrorMapper } from './errors/error-mapper.js';
import { McpErrorStats } from './errors/error-stats.js';
import { McpFastifyRoutes } from './http/mcp-fastify-routes.js';
import { ListenStreams } from './http/listen-streams.js';
import { McpHttpService } from './http/mcp-http.service.js';
import { McpLifecycle } from './http/mcp-lifecycle.js';
import { NodeTransports } from './http/node-transport/node-transports.js';
import { NativeTransports } from './http/node-transport/native-transports.js';
import { LegacySessions } from './http/sessions/legacy-sessions.js';
import { MCP_NOTIFICATION_BUS } from './interfaces/notification-bus.interface.js';
import { MCP_RELAY } from './interfaces/relay.interface.js';
import { MCP_SESSION_STORE } from './interfaces/session-store.interface.js';
import { MCP_TASK_STORE } from './interfaces/task-store.interface.js';
import { MCP_OPTIONS, type McpResolvedOptions, type McpResolvedState } from './options/mcp-options.js';
import { McpCallLogMiddleware } from './middleware/call-log.middleware.js';
import { McpRateLimitMiddleware } from './middleware/rate-limit.middleware.js';
import { McpResultCacheMiddleware } from './middleware/result-cache.middleware.js';
import { McpResultLimitMiddleware } from './middleware/result-limit.middleware.js';
import { McpRetryMiddleware } from './middleware/retry.middleware.js';
import { McpTimeoutMiddleware } from './middleware/timeout.middleware.js';
import { MCP_MIDDLEWARE, type McpMiddleware } from './pipeline/mcp-message.js';
import { MCP_TRACING } from './pipeline/mcp-tracing.js';
import { McpPipelineFactory } from './pipeline/mcp-pipeline.factory.js';
import { McpRegistry } from './registry/mcp-registry.js';
import { ChangeNotifications } from './server/change-notifications.js';
import { BridgeTools } from './server/handlers/bridge-tools.js';
import { LegacyEra } from './server/eras/legacy-era.js';
import { ModernEra } from './server/eras/modern-era.js';
import { ServerEras } from './server/eras/server-eras.js';
import { ComponentLists } from './server/handlers/component-lists.js';
import { ComponentVisibility } from './server/component-visibility.js';
import { Completions } from './server/handlers/completions.js';
import { PromptGets } from './server/handlers/prompt-gets.js';
import { ResourceReads } from './server/handlers/resource-reads.js';
import { ToolAnswers } from './server/handlers/tool-answers.js';
import { ToolCalls } from './server/handlers/tool-calls.js';
import { ToolTasks } from './server/handlers/tool-tasks.js';
import { McpInvoker } from './server/invocation/mcp-invoker.js';
import { McpMessageChain } from './server/messages/mcp-message-chain.js';
import { SdkServerFactory } from './server/sdk-server.factory.js';
import { McpTaskManager } from './tasks/mcp-task-manager.js';
import { McpTelemetryMiddleware } from './telemetry/mcp-telemetry.middleware.js';
import { McpListenTelemetry } from './telemetry/listen-telemetry.js';
import { McpOtel } from './telemetry/mcp-otel.js';
import { McpTelemetryTracing } from './telemetry/mcp-tracing-hooks.js';
import { McpSessionTelemetry } from './telemetry/session-telemetry.js';

/** The state layer's parts under their own tokens, taken from the resolved options (no defaults here). */
const STATE_TOKENS: [symbol, keyof McpResolvedState][] = [
  [MCP_SESSION_STORE, 'sessions'],
  [MCP_TASK_STORE, 'tasks'],
  [MCP_NOTIFICATION_BUS, 'bus'],
  [MCP_RELAY, 'relay'],
];

const stateProviders: Provider[] = STATE_TOKENS.map(([token, part]) => ({
  provide: token,
  useFactory: (options: McpResolvedOptions) => options.state[part],
  inject: [MCP_OPTIONS],
}));

/**
 * The built-in MCP middleware, outermost first; the app's `interceptors` run between the first three (which see
 * everything, refusals included) and the rest (which shape what the handler gives back). Each applies only where
 * its options or decorators ask for it.
 */
const OUTER_BUILTINS = [McpTelemetryMiddleware, McpCallLogMiddleware, McpRateLimitMiddleware];
const INNER_BUILTINS = [McpResultLimitMiddleware, McpResultCacheMiddleware, McpTimeoutMiddleware, McpRetryMiddleware];

const middlewareProvider: Provider = {
  provide: MCP_MIDDLEWARE,
  useFactory: async (options: McpResolvedOptions, moduleRef: ModuleRef, ...builtins: McpMiddleware[]) => {
    const outer = builtins.slice(0, OUTER_BUILTINS.length);
    const inner = builtins.slice(OUTER_BUILTINS.length);
    const own = await Promise.all(options.interceptors.map((interceptor) => resolveInterceptor(moduleRef, interceptor)));
    return [...outer, ...own, ...inner];
  },
  inject: [MCP_OPTIONS, ModuleRef, ...OUTER_BUILTINS, ...INNER_BUILTINS],
};

/** An interceptor class is taken from the app's providers when it is one, else instantiated with its dependencies. */
async function resolveInterceptor(moduleRef: ModuleRef, interceptor: Type<NestInterceptor> | NestInterceptor): Promise<NestInterceptor> {
  if (typeof interceptor !== 'function') return interceptor;
  try {
    return moduleRef.get(interceptor, { strict: false });
  } catch {
    return moduleRef.create(interceptor);
  }
}

/** Every provider of the module, bottom layer first (the layers are described in libs/mcp/ARCHITECTURE.md). */
export const MCP_PROVIDERS: Provider[] = [
  ...stateProviders,
  McpErrorStats,
  McpErrorMapper,
  McpPipelineFactory,
  McpInstance,
  McpHealth,
  McpRegistry,
  McpMetadataAccessor,
  McpExplorer,
  InputRoundStates,
  CallContextFactory,
  McpTaskManager,
  LegacyEra,
  ModernEra,
  ServerEras,
  McpOtel,
  { provide: MCP_TRACING, useClass: McpTelemetryTracing },
  McpSessionTelemetry,
  McpListenTelemetry,
  McpInvoker,
  ...OUTER_BUILTINS,
  ...INNER_BUILTINS,
  middlewareProvider,
  McpMessageChain,
  ChangeNotifications,
  ComponentLists,
  ComponentVisibility,
  BridgeTools,
  ToolAnswers,
  ToolTasks,
  ToolCalls,
  ResourceReads,
  PromptGets,
  Completions,
  SdkServerFactory,
  McpAuthGate,
  McpLifecycle,
  { provide: NodeTransports, useClass: NativeTransports },
  LegacySessions,
  ListenStreams,
  McpHttpService,
  McpFastifyRoutes,
];

/** What the app (and the test kit) may inject. */
export const MCP_EXPORTS = [McpRegistry, SdkServerFactory, McpFastifyRoutes, McpHealth, McpErrorStats, MCP_OPTIONS];
