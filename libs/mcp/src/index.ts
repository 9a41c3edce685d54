export { McpModule } from './mcp.module.js';
export type {
  McpEndpointOptions,
  McpModuleAsyncOptions,
  McpModuleOptions,
  McpModuleOptionsFactory,
  McpModuleSyncOptions,
  McpSecurityOptions,
  McpSessionOptions,
} from './interfaces/mcp-module-options.interface.js';
export type {
  JsonSchemaObject,
  McpCacheHint,
  McpSchemaInput,
  PromptOptions,
  ResourceOptions,
  StandardSchemaLike,
  ToolOptions,
} from './interfaces/component-options.interface.js';
export type {
  McpContext,
  McpElicitationResult,
  McpEra,
  McpInputOptions,
  McpLogger,
  McpRequestInfo,
  McpSampleOptions,
  McpSessionState,
  McpTransportKind,
  McpUrlElicitationResult,
} from './interfaces/mcp-context.interface.js';
export { Tool } from './decorators/tool.decorator.js';
export { Resource } from './decorators/resource.decorator.js';
export { Prompt } from './decorators/prompt.decorator.js';
export { Arg, Args, McpCtx, type ArgOptions } from './decorators/param.decorators.js';
export { Field, type FieldOptions } from './decorators/field.decorator.js';
export { Complete, type CompleteOptions, type McpCompletionRequest } from './decorators/complete.decorator.js';
export { McpExecutionContext } from './pipeline/mcp-execution-context.js';
export type { McpCallInfo, McpComponentKind } from './pipeline/mcp-call.js';
export {
  McpRegistry,
  type DynamicPromptDefinition,
  type DynamicResourceDefinition,
  type DynamicToolDefinition,
} from './registry/mcp-registry.js';
export { McpContent } from './results/content.js';
export { McpError } from './errors/mcp-error.js';
export { ToolError } from './errors/tool-error.js';
export { bootstrapStdio, type BootstrapStdioOptions, type McpStdioApp } from './stdio/bootstrap-stdio.js';
export { StderrLogger } from './stdio/stderr-logger.js';
export type { SessionRecord, SessionStore } from './session/session-store.interface.js';
export { MemorySessionStore } from './session/memory-session-store.js';
export { MemoryEventStore, type MemoryEventStoreOptions } from './session/memory-event-store.js';
export type { McpNotificationBus } from './session/notification-bus.js';
export type { McpRelay, RelayEvent } from './session/session-relay.js';
export type { McpStateLayer, McpStoreHealth } from './session/state-layer.js';
export { McpHealth } from './session/mcp-health.js';
export { StoreUnavailableError } from './session/store-unavailable.error.js';
export { dtoToJsonSchema } from './schema/dto-json-schema.js';
export type { InputRequiredStateOptions } from './server/input-required-state.js';
export type { McpTaskOptions } from './interfaces/mcp-module-options.interface.js';
export type { McpTaskStatus, TaskRecord, TaskStore } from './tasks/task-store.interface.js';
export { MemoryTaskStore } from './tasks/memory-task-store.js';
