export { McpModule } from './mcp.module.js';
export type { McpModuleAsyncOptions, McpModuleOptionsFactory, McpModuleSyncOptions } from './mcp-module.definition.js';
export type {
  InputRequiredStateOptions,
  McpCachedMethod,
  McpComponentSelector,
  McpEndpointOptions,
  McpModuleOptions,
  McpArgumentTransform,
  McpCaller,
  McpMount,
  McpToolTransform,
  McpLimitsOptions,
  McpSecurityOptions,
  McpSessionOptions,
  McpTaskOptions,
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
  McpAccessRequirement,
  McpAuthInfo,
  McpAuthOptions,
  McpClaimValue,
  McpTokenCacheOptions,
  McpTokenVerificationContext,
  McpTokenVerifier,
  McpVerifiedToken,
} from './interfaces/auth.interface.js';
export { McpContext } from './interfaces/mcp-context.interface.js';
export type {
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
export type { McpComponentFilter, McpListedKind } from './interfaces/component-visibility.interface.js';
export { Tool } from './decorators/tool.decorator.js';
export { ToolTransform } from './decorators/tool-transform.decorator.js';
export { InjectMcpRegistry } from './decorators/inject-mcp-registry.decorator.js';
export { DEFAULT_MCP_SERVER, getMcpRegistryToken } from './interfaces/mcp-server-tokens.js';
export { Resource } from './decorators/resource.decorator.js';
export { Prompt } from './decorators/prompt.decorator.js';
export { Arg, Args, McpCtx, type ArgOptions } from './decorators/param.decorators.js';
export { Field, type FieldOptions } from './decorators/field.decorator.js';
export { Public, RequireClaims, RequireRoles, RequireScopes, type McpAccessMark } from './decorators/access.decorators.js';
export { AuthorizationServerUnavailableError, InvalidTokenError } from './errors/auth.errors.js';
export { jwtVerifier, type JwtVerificationKey, type JwtVerifierOptions } from './auth/verifiers/jwt-verifier.js';
export { introspectionVerifier, type IntrospectionVerifierOptions } from './auth/verifiers/introspection-verifier.js';
export { Complete, McpCompletionRequest, type CompleteOptions } from './decorators/complete.decorator.js';
export { CacheResult } from './decorators/cache-result.decorator.js';
export type { CacheResultOptions, McpResultCacheOptions, ResultCacheLookup, ResultCacheStore } from './interfaces/result-cache.interface.js';
export { RateLimit } from './decorators/rate-limit.decorator.js';
export type {
  McpRateLimit,
  McpRateLimitKey,
  McpRateLimitOptions,
  RateLimitDecision,
  RateLimitStore,
  TokenBucketLimit,
} from './interfaces/rate-limit.interface.js';
export { McpExecutionContext } from './pipeline/mcp-execution-context.js';
export type { McpCallInfo, McpComponentKind } from './pipeline/mcp-call.js';
export type { McpListKey, McpMessage, McpMiddleware } from './pipeline/mcp-message.js';
export {
  McpRegistry,
  type DynamicPromptDefinition,
  type DynamicResourceDefinition,
  type DynamicToolDefinition,
} from './registry/mcp-registry.js';
export { McpContent } from './results/content.js';
export { McpError } from './errors/mcp-error.js';
export { ToolError } from './errors/tool-error.js';
export { TransientError, type TransientErrorOptions } from './errors/transient.error.js';
export { McpTimeoutError } from './errors/timeout.error.js';
export { McpTimeout, type McpTimeoutMark } from './decorators/timeout.decorator.js';
export { Retry } from './decorators/retry.decorator.js';
export type { McpTimeoutOptions } from './interfaces/timeout-options.interface.js';
export type { McpRetryOptions } from './interfaces/retry-options.interface.js';
export { bootstrapStdio, type BootstrapStdioOptions, type McpStdioApp } from './stdio/bootstrap-stdio.js';
export { StderrLogger } from './stdio/stderr-logger.js';
export type { SessionRecord, SessionStore } from './interfaces/session-store.interface.js';
export type { McpTaskStatus, TaskRecord, TaskStore } from './interfaces/task-store.interface.js';
export type { McpNotificationBus } from './interfaces/notification-bus.interface.js';
export type { McpRelay, RelayEvent } from './interfaces/relay.interface.js';
export type {
  InstanceRegistry,
  McpStateLayer,
  McpStoreHealth,
  StreamOwner,
  StreamOwnership,
} from './interfaces/state-layer.interface.js';
export { MemorySessionStore } from './stores/memory-session-store.js';
export { MemoryEventStore, type MemoryEventStoreOptions, type MemoryEventStoreStats } from './stores/memory-event-store.js';
export { sessionOfStream, sessionStreamPrefix, type SessionEventsForgetting } from './interfaces/session-events.interface.js';
export { MemoryTaskStore } from './stores/memory-task-store.js';
export { MemoryRateLimitStore, type MemoryRateLimitStoreOptions } from './stores/memory-rate-limit-store.js';
export { MemoryResultCacheStore, type MemoryResultCacheOptions } from './stores/memory-result-cache-store.js';
export { McpHealth } from './cluster/mcp-health.js';
export { StoreUnavailableError } from './errors/store-unavailable.error.js';
export { dtoToJsonSchema } from './schema/dto-json-schema.js';
export type { McpCallLogEntry, McpCallLogOptions } from './interfaces/call-log.interface.js';
export { McpErrorStats, type McpErrorCounts, type McpErrorKind } from './errors/error-stats.js';
export type { McpTelemetryOptions } from './interfaces/telemetry-options.interface.js';
export type { McpResultLimitOptions } from './interfaces/result-limit.interface.js';
export { MaxResultSize } from './decorators/result-limit.decorator.js';
