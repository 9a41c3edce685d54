import { randomBytes } from 'node:crypto';
import type { NestInterceptor, Type } from '@nestjs/common';
import { InMemoryServerEventBus, type EventStore, type Implementation } from '@modelcontextprotocol/server';
import type { McpCacheHint } from '../interfaces/component-options.interface.js';
import type { McpCachedMethod, McpEndpointOptions, McpLimitsOptions, McpModuleOptions, McpMount, McpToolTransform } from '../interfaces/mcp-module-options.interface.js';
import type { McpNotificationBus } from '../interfaces/notification-bus.interface.js';
import type { RateLimitStore } from '../interfaces/rate-limit.interface.js';
import type { McpRelay } from '../interfaces/relay.interface.js';
import type { ResultCacheStore } from '../interfaces/result-cache.interface.js';
import type { SessionStore } from '../interfaces/session-store.interface.js';
import type { InstanceRegistry, McpStateLayer, StreamOwnership } from '../interfaces/state-layer.interface.js';
import type { TaskStore } from '../interfaces/task-store.interface.js';
import { LocalInstances } from '../stores/local-instances.js';
import { LocalRelay } from '../stores/local-relay.js';
import { MemoryRateLimitStore } from '../stores/memory-rate-limit-store.js';
import { MemorySessionStore } from '../stores/memory-session-store.js';
import { MemoryTaskStore } from '../stores/memory-task-store.js';
import { MemoryResultCacheStore } from '../stores/memory-result-cache-store.js';
import { ServerNotificationBus } from '../stores/server-notification-bus.js';
import { DEFAULT_MCP_SERVER } from '../interfaces/mcp-server-tokens.js';
import type { McpComponentFilter } from '../interfaces/component-visibility.interface.js';
import { normalizeComponentFilter } from './component-filter.js';
import { resolveAuthOptions, type McpResolvedAuth } from './auth-options.js';
import { defaultMaskErrors, MCP_DEFAULTS } from './mcp-defaults.js';

/** Where the server's state lives: what `store` and the individual store options gave, in-process defaults otherwise. */
export interface McpResolvedState {
  readonly sessions: SessionStore;
  /** Set when streams are resumable. */
  readonly events: EventStore | undefined;
  readonly tasks: TaskStore;
  readonly bus: McpNotificationBus;
  readonly relay: McpRelay;
  readonly instances: InstanceRegistry;
  /** Set when several instances share the state (stream ownership lets one answer another's orphaned calls). */
  readonly streams: StreamOwnership | undefined;
  /** Token buckets of `rateLimit` / `@RateLimit`: the layer's (shared), else in process memory. */
  readonly rateLimits: RateLimitStore;
  /** The configured state layer, for its health, readiness and shutdown hooks; undefined in memory. */
  readonly layer: McpStateLayer | undefined;
  /** Results of `@CacheResult` components (the bus invalidates the cached reads of an updated resource). */
  readonly resultCache: ResultCacheStore;
}

/** `include` and `exclude` as sets: an empty `include` set does not narrow. */
export interface McpComponentSelection {
  readonly includeModules: ReadonlySet<Type<unknown>>;
  readonly includeTags: ReadonlySet<string>;
  readonly excludeModules: ReadonlySet<Type<unknown>>;
  readonly excludeTags: ReadonlySet<string>;
}

/** The module options with every default applied: what the rest of the library reads, under `MCP_OPTIONS`. */
export interface McpResolvedOptions {
  readonly serverInfo: Implementation;
  readonly instructions: string | undefined;
  /** The endpoint path below the global prefix, without slashes at either end. */
  readonly path: string;
  readonly stateless: boolean;
  readonly responseMode: 'sse' | 'json';
  readonly maxBodyBytes: number;
  readonly maskErrors: boolean;
  readonly keepAliveMs: number;
  readonly shutdownGraceMs: number;
  readonly retryIntervalMs: number | undefined;
  readonly pageSize: number;
  readonly session: {
    readonly idleTtlMs: number;
    readonly dormantAfterMs: number;
    readonly maxSessions: number;
    readonly maxSessionsPerPrincipal: number;
    readonly maxSessionsPerAddress: number;
  };
  readonly limits: Readonly<Required<McpLimitsOptions>>;
  readonly tasks: { readonly ttlMs: number; readonly pollIntervalMs: number };
  readonly inputRequired: { readonly stateSecret: string | Uint8Array; readonly stateTtlSeconds: number };
  readonly security: {
    readonly dnsRebindingProtection: boolean | 'auto';
    readonly allowedHosts: readonly string[];
    readonly allowedOrigins: readonly string[];
    readonly validateOrigin: boolean;
  };
  readonly cache: Partial<Record<McpCachedMethod, McpCacheHint>> | undefined;
  /** Set when the HTTP endpoint is an OAuth protected resource. */
  readonly auth: McpResolvedAuth | undefined;
  readonly state: McpResolvedState;
  /** `McpModule.forRoot({ interceptors })`: the app's MCP middleware. */
  readonly interceptors: readonly (Type<NestInterceptor> | NestInterceptor)[];
  /** Which of the app's components this server serves (`include` / `exclude`); empty sets select everything. */
  readonly selection: McpComponentSelection;
  /** `disabled`: what sessions see only once they `enable` it. */
  readonly disabled: readonly McpComponentFilter[];
  /** The namespace of each mounted module. */
  readonly namespaces: ReadonlyMap<Type<unknown>, string>;
  /** `transforms.tools`, by the name the tool is registered under. */
  readonly toolTransforms: ReadonlyMap<string, McpToolTransform>;
  readonly resourcesAsTools: boolean;
  readonly promptsAsTools: boolean;
  /** The built-in middleware's options as given; each built-in applies its own defaults. */
  readonly middleware: Readonly<Pick<McpModuleOptions, 'telemetry' | 'timeouts' | 'retry' | 'rateLimit' | 'resultCache' | 'callLog' | 'resultLimit'>>;
}

export const MCP_OPTIONS = Symbol('MCP_OPTIONS');

/** Applies every default once; the only place module options are read. */
export function resolveMcpOptions(options: McpModuleOptions, endpoint: McpEndpointOptions): McpResolvedOptions {
  if (!options?.name || !options.version) throw new Error('McpModule needs at least a server `name` and `version`');
  const { name, version, title, description, icons, websiteUrl } = options;
  return {
    serverInfo: { name, version, ...defined({ title, description, icons, websiteUrl }) },
    instructions: options.instructions,
    path: resolveEndpointPath(endpoint),
    selection: {
      includeModules: new Set(options.include?.modules),
      includeTags: new Set(options.include?.tags),
      excludeModules: new Set(options.exclude?.modules),
      excludeTags: new Set(options.exclude?.tags),
    },
    disabled: resolveDisabled(options.disabled),
    namespaces: resolveNamespaces(options.mount),
    toolTransforms: new Map(Object.entries(options.transforms?.tools ?? {})),
    resourcesAsTools: options.resourcesAsTools ?? false,
    promptsAsTools: options.promptsAsTools ?? false,
    stateless: options.stateless ?? MCP_DEFAULTS.stateless,
    responseMode: options.responseMode ?? MCP_DEFAULTS.responseMode,
    maxBodyBytes: options.maxBodyBytes ?? MCP_DEFAULTS.maxBodyBytes,
    maskErrors: options.maskErrors ?? defaultMaskErrors(),
    keepAliveMs: options.keepAliveMs ?? MCP_DEFAULTS.keepAliveMs,
    shutdownGraceMs: options.shutdownGraceMs ?? MCP_DEFAULTS.shutdownGraceMs,
    retryIntervalMs: options.retryIntervalMs,
    pageSize: options.pageSize ?? MCP_DEFAULTS.pageSize,
    session: {
      idleTtlMs: options.session?.idleTtlMs ?? MCP_DEFAULTS.session.idleTtlMs,
      dormantAfterMs: options.session?.dormantAfterMs ?? MCP_DEFAULTS.session.dormantAfterMs,
      maxSessions: options.session?.maxSessions ?? MCP_DEFAULTS.session.maxSessions,
      maxSessionsPerPrincipal: options.session?.maxSessionsPerPrincipal ?? MCP_DEFAULTS.session.maxSessionsPerPrincipal,
      maxSessionsPerAddress: options.session?.maxSessionsPerAddress ?? MCP_DEFAULTS.session.maxSessionsPerAddress,
    },
    limits: { ...MCP_DEFAULTS.limits, ...defined({ ...options.limits }) },
    tasks: {
      ttlMs: options.tasks?.ttlMs ?? MCP_DEFAULTS.tasks.ttlMs,
      pollIntervalMs: options.tasks?.pollIntervalMs ?? MCP_DEFAULTS.tasks.pollIntervalMs,
    },
    inputRequired: {
      // A random key works for one process; several instances must share one (see the README).
      stateSecret: options.inputRequired?.stateSecret ?? randomBytes(32),
      stateTtlSeconds: options.inputRequired?.stateTtlSeconds ?? MCP_DEFAULTS.inputRequired.stateTtlSeconds,
    },
    security: {
      dnsRebindingProtection: options.security?.dnsRebindingProtection ?? MCP_DEFAULTS.security.dnsRebindingProtection,
      allowedHosts: options.security?.allowedHosts ?? [],
      allowedOrigins: options.security?.allowedOrigins ?? [],
      validateOrigin: options.security?.validateOrigin ?? MCP_DEFAULTS.security.validateOrigin,
    },
    cache: options.cache,
    auth: resolveAuthOptions(options.auth, title ?? name),
    interceptors: options.interceptors ?? [],
    middleware: {
      telemetry: options.telemetry,
      timeouts: options.timeouts,
      retry: options.retry,
      rateLimit: options.rateLimit,
      resultCache: options.resultCache,
      callLog: options.callLog,
      resultLimit: options.resultLimit,
    },
    state: resolveState(options, endpoint.server ?? DEFAULT_MCP_SERVER),
  };
}

/** The endpoint path: needed before the options factory runs, to declare the controllers. */
export function resolveEndpointPath(endpoint: McpEndpointOptions): string {
  return (endpoint.path ?? MCP_DEFAULTS.path).replace(/^\/+|\/+$/g, '');
}

function resolveNamespaces(mounts: McpMount[] = []): ReadonlyMap<Type<unknown>, string> {
  const namespaces = new Map<Type<unknown>, string>();
  for (const { module, namespace } of mounts) {
    if (!/^[A-Za-z0-9_-]{1,32}$/.test(namespace)) throw new Error(`McpModule mount namespace ${JSON.stringify(namespace)}: use 1 to 32 letters, digits, _ and -`);
    if (namespaces.has(module)) throw new Error(`McpModule mount: ${module.name} is mounted twice`);
    namespaces.set(module, namespace);
  }
  return namespaces;
}

function resolveState(options: McpModuleOptions, server: string): McpResolvedState {
  // A store shared by several servers of the app gives each its own keys and channels.
  const layer = options.store?.forServer?.(server) ?? options.store;
  const resultCache = layer?.resultCache ?? new MemoryResultCacheStore(options.resultCache);
  return {
    sessions: options.sessionStore ?? layer?.sessions ?? new MemorySessionStore(),
    events: options.eventStore ?? layer?.events,
    tasks: options.tasks?.store ?? layer?.tasks ?? new MemoryTaskStore(),
    bus: new ServerNotificationBus(layer?.bus ?? new InMemoryServerEventBus(), resultCache),
    relay: layer?.relay ?? new LocalRelay(),
    instances: layer?.instances ?? new LocalInstances(),
    streams: layer?.streams,
    rateLimits: layer?.rateLimits ?? new MemoryRateLimitStore(),
    layer,
    resultCache,
  };
}

function defined<T extends Record<string, unknown>>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as Partial<T>;
}

function resolveDisabled(disabled: McpComponentFilter[] | undefined): McpComponentFilter[] {
  if (disabled === undefined) return [];
  if (!Array.isArray(disabled)) throw new Error('McpModule `disabled` must be an array of filters ({ names?, tags?, kinds? })');
  return disabled.map((filter, index) => normalizeComponentFilter(filter, `McpModule \`disabled[${index}]\``));
}
