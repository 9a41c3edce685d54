import type { EventStore, Icon, ToolAnnotations } from '@modelcontextprotocol/server';
import type { CanActivate, NestInterceptor, Type } from '@nestjs/common';
import type { McpAuthInfo, McpAuthOptions } from './auth.interface.js';
import type { McpCallLogOptions } from './call-log.interface.js';
import type { McpCacheHint } from './component-options.interface.js';
import type { McpComponentFilter } from './component-visibility.interface.js';
import type { McpRateLimitOptions } from './rate-limit.interface.js';
import type { McpResultCacheOptions } from './result-cache.interface.js';
import type { McpResultLimitOptions } from './result-limit.interface.js';
import type { McpRetryOptions } from './retry-options.interface.js';
import type { SessionStore } from './session-store.interface.js';
import type { McpStateLayer } from './state-layer.interface.js';
import type { TaskStore } from './task-store.interface.js';
import type { McpTelemetryOptions } from './telemetry-options.interface.js';
import type { McpTimeoutOptions } from './timeout-options.interface.js';

export interface McpSessionOptions {
  /** Idle time after which a 2025-era session is closed and forgotten. Default 30 minutes. */
  idleTtlMs?: number;
  /**
   * Idle time after which this process releases the objects serving a session (its SDK server and transport) while
   * the session itself lives on in the session store; its next request rebuilds them from the record, as another
   * instance resumes a session. A session with an open stream, a call in flight or resource subscriptions is never
   * released. Idle sessions then cost their record, not a server each. Default 1 minute; `0` keeps them all live.
   */
  dormantAfterMs?: number;
  /** Most sessions held at once; a new `initialize` beyond it gets HTTP 503. Default 10,000. */
  maxSessions?: number;
  /**
   * Most sessions one authenticated principal may hold at once; a new `initialize` beyond it gets HTTP 429.
   * Counted across the cluster with a shared store. Default 100.
   */
  maxSessionsPerPrincipal?: number;
  /**
   * Most sessions anonymous clients of one IP address may hold at once (HTTP 429 beyond). The address is the
   * platform's `request.ip`, so Fastify's `trustProxy` is honoured. Counted across the cluster. Default 100.
   */
  maxSessionsPerAddress?: number;
}

export interface McpSecurityOptions {
  /**
   * Host/Origin validation against DNS rebinding. `'auto'` (default) turns it on when the server is bound to a
   * loopback address and allows only loopback host names and origins; `true` always validates against the lists below.
   */
  dnsRebindingProtection?: boolean | 'auto';
  /** Extra allowed `Host` names (without port), e.g. `['mcp.example.com']`. */
  allowedHosts?: string[];
  /** Extra allowed `Origin` values (`https://app.example.com`). */
  allowedOrigins?: string[];
  /**
   * Refuse (403) a request whose `Origin` header is not the origin of its own `Host`, not in `allowedOrigins`, and
   * not a loopback origin on a loopback connection. Requests without `Origin` (non-browser clients) pass. Default
   * true; turn it off only behind a proxy that validates Origin itself.
   */
  validateOrigin?: boolean;
}

/** Limits on what one client may send or hold, checked before any work is done. */
export interface McpLimitsOptions {
  /** Deepest nesting of objects and arrays accepted in a request (`-32600` beyond). Default 64. */
  maxDepth?: number;
  /**
   * Most 2026-07-28 `subscriptions/listen` streams open at once in this process, counted from when one is accepted
   * until its response closes; beyond it HTTP 503 with `Retry-After` and a JSON-RPC error. Default 1,000.
   */
  maxListenStreams?: number;
  /**
   * Most `subscriptions/listen` streams one principal (or, anonymous, one IP address) may hold open in this process;
   * beyond it HTTP 429 with `Retry-After` and a JSON-RPC error. Default 10.
   */
  maxListenStreamsPerClient?: number;
  /**
   * Time allowed to receive a request's body once its headers are in (Fastify; MCP routes only). A slower request
   * gets HTTP 408 with a JSON-RPC error and its connection is closed; 0 turns it off. Headers alone are bounded by
   * Node's `server.headersTimeout` (60 s by default). Default 30 s.
   */
  bodyTimeoutMs?: number;
}

export interface McpTaskOptions {
  /** How long a task (and its result) is kept after creation. Default 1 hour; a client may ask for less. */
  ttlMs?: number;
  /** Polling interval suggested to clients. Default 500 ms. */
  pollIntervalMs?: number;
  /** Where task records live. Default: in process memory. */
  store?: TaskStore;
}

export interface InputRequiredStateOptions {
  /** HMAC key (≥ 32 bytes) shared by every instance that may receive a retry. Default: random per process. */
  stateSecret?: string | Uint8Array;
  /** How long a round's state stays valid. Default 600 s. */
  stateTtlSeconds?: number;
}

/** The methods whose results carry 2026-07-28 cache hints set by `McpModuleOptions.cache`. */
export type McpCachedMethod = 'tools/list' | 'prompts/list' | 'resources/list' | 'resources/templates/list' | 'resources/read' | 'server/discover';

export interface McpModuleOptions {
  /** Server name reported to clients. */
  name: string;
  version: string;
  title?: string;
  description?: string;
  /** Guidance for the model on how to use this server, sent in the initialize/discover result. */
  instructions?: string;
  icons?: Icon[];
  websiteUrl?: string;
  /** Serve 2025-era clients without sessions (no `Mcp-Session-Id`, no GET stream). Default false. */
  stateless?: boolean;
  /** `'sse'` (default) streams notifications on the request's stream; `'json'` answers with one JSON body. */
  responseMode?: 'sse' | 'json';
  /** Largest accepted request body in bytes (HTTP 413 beyond it). Default 4 MiB. */
  maxBodyBytes?: number;
  /**
   * Which components this server serves, when an app has several servers (each its own `McpModule.forRoot`): only
   * those of providers and controllers declared in `include.modules` and/or tagged with one of `include.tags`.
   * Default: every component of the app.
   */
  include?: McpComponentSelector;
  /** Components this server leaves out, by the module that declares them or by tag; applied after `include`. */
  exclude?: McpComponentSelector;
  /**
   * Components this server serves but keeps hidden until a session turns them on with `ctx.session.enable()`: each
   * filter matches by name (a resource's URI too), tag and/or kind, e.g. `[{ tags: ['premium'] }]`.
   */
  disabled?: McpComponentFilter[];
  /**
   * Modules whose components this server serves under a namespace: tools and prompts as `<namespace>_<name>`,
   * resources as `<scheme>://<namespace>/<rest>` (e.g. `{ module: GithubModule, namespace: 'github' }` →
   * `github_search`, `repo://github/{owner}/{name}`).
   */
  mount?: McpMount[];
  /**
   * Tools as this server shows them, by the name they are registered under: renamed, redescribed, re-annotated, with
   * arguments renamed, described or hidden (filled with a fixed or computed value). They validate and run through the
   * same Nest pipeline.
   */
  transforms?: { tools?: Record<string, McpToolTransform> };
  /** Adds `list_resources` and `read_resource` tools, for clients that only speak tools. Default false. */
  resourcesAsTools?: boolean;
  /** Adds `list_prompts` and `get_prompt` tools, for clients that only speak tools. Default false. */
  promptsAsTools?: boolean;
  session?: McpSessionOptions;
  security?: McpSecurityOptions;
  /**
   * MCP authorization: the HTTP endpoint becomes an OAuth 2.1 protected resource (bearer tokens checked on every
   * request, RFC 9728 metadata, `WWW-Authenticate` challenges, per-component scopes). See "Securing a server".
   */
  auth?: McpAuthOptions;
  /** Input and resource limits per request and per client (see "Securing a server" in the README). */
  limits?: McpLimitsOptions;
  /**
   * Hide the message of unexpected (non-HTTP, non-MCP) errors from clients. Defaults to true when
   * `NODE_ENV === 'production'`.
   */
  maskErrors?: boolean;
  /** On shutdown (`app.close()`, SIGTERM with shutdown hooks), how long calls in flight may take to finish. Default 10 s. */
  shutdownGraceMs?: number;
  /** SSE keep-alive comment interval in ms (0 disables). Default 15,000. */
  keepAliveMs?: number;
  /**
   * All shared state in one: sessions, resumable-stream events, tasks, notification bus and relay. Default: in
   * process memory. `redisStore({ url })` from `nestjs-mcp/redis` lets several instances serve as one. The
   * individual options below (`sessionStore`, `eventStore`, `tasks.store`) override its parts.
   */
  store?: McpStateLayer;
  /** Where 2025-era session metadata and per-session state live. Default: in process memory. */
  sessionStore?: SessionStore;
  /**
   * Event store for resumable SSE streams (2025 era): priming events, `retry:` hints and replay on GET with
   * `Last-Event-ID`. `MemoryEventStore` keeps them in process. Default: none (a dropped stream cancels its requests).
   */
  eventStore?: EventStore;
  /**
   * 2026-07-28 input-required rounds (`ctx.elicit()`/`sample()`/`listRoots()` on modern requests): the HMAC key
   * that signs `requestState` (set the same one on every instance) and its lifetime.
   */
  inputRequired?: InputRequiredStateOptions;
  /** Task-augmented tool calls (`@Tool({ task })`): retention, polling hint, store. */
  tasks?: McpTaskOptions;
  /**
   * Cache hints of list and discovery results on 2026-07-28 requests, by method (default: `ttlMs: 0`, private),
   * e.g. `{ 'tools/list': { ttlMs: 60_000, scope: 'public' } }`. Resources can set their own (`@Resource({ cache })`).
   */
  cache?: Partial<Record<McpCachedMethod, McpCacheHint>>;
  /** Items per page of `tools/list`, `resources/list`, `resources/templates/list`, `prompts/list`, `tasks/list`. Default 100. */
  pageSize?: number;
  /** Reconnection delay (ms) suggested to clients in the `retry:` field of resumable streams. */
  retryIntervalMs?: number;
  /**
   * MCP middleware: Nest interceptors (classes resolved through DI, or instances) run around every MCP request
   * (`ping`, lists and `initialize` included; list results whole, before pagination) and every client notification,
   * outermost first. `McpExecutionContext.create(context).getMessage()` says which message it is. Interceptors bound
   * with `useGlobalInterceptors`/`APP_INTERCEPTOR` or `@UseInterceptors` still wrap component calls only.
   */
  interceptors?: (Type<NestInterceptor> | NestInterceptor)[];
  /** OpenTelemetry spans and metrics (see "Observability"). Default on, a no-op until an SDK is registered. */
  telemetry?: McpTelemetryOptions | false;
  /** Default time limits of tool calls, resource reads, prompt gets, completions and task runs. Default: none. */
  timeouts?: McpTimeoutOptions;
  /** Retries of tools declared idempotent whose handler throws a `TransientError` (`@Retry()` sets others). Default: none. */
  retry?: McpRetryOptions;
  /** A rate limit applied to every request (per principal, or per address for anonymous clients); `@RateLimit` sets others. */
  rateLimit?: McpRateLimitOptions;
  /** The cache of `@CacheResult` components (in memory unless `store` is Redis). */
  resultCache?: McpResultCacheOptions;
  /** One structured log line per MCP request through Nest's logger. Default false. */
  callLog?: boolean | McpCallLogOptions;
  /** A bound on the size of results (refused or truncated beyond it). Default: none. */
  resultLimit?: McpResultLimitOptions;
}

/** Options that shape routing and so must be known before the async factory runs. */
export interface McpEndpointOptions {
  /** Path of the MCP endpoint, below the global prefix. Default `mcp`. */
  path?: string;
  /** Nest guards applied to the HTTP endpoint itself (every POST/GET/DELETE), e.g. a bearer-token guard. */
  httpGuards?: (Type<CanActivate> | CanActivate)[];
  /**
   * The server's key when an app has several (`@InjectMcpRegistry('admin')`, `McpTestClient.create(moduleRef,
   * { server: 'admin' })`, `bootstrapStdio(AppModule, { server: 'admin' })`). Default `'default'`.
   */
  server?: string;
}

/** Components chosen by the Nest module that declares their provider or controller, and by their `tags`. */
export interface McpComponentSelector {
  /** Modules whose own providers and controllers count (not the modules they import). */
  modules?: Type<unknown>[];
  /** Components with at least one of these tags count. */
  tags?: string[];
}

/** A module served under a namespace (`McpModuleOptions.mount`). */
export interface McpMount {
  module: Type<unknown>;
  /** 1-32 letters, digits, `_` and `-`. */
  namespace: string;
}

/** How a server shows one tool (`McpModuleOptions.transforms.tools`). */
export interface McpToolTransform {
  name?: string;
  title?: string;
  description?: string;
  /** Replaces the tool's annotations. */
  annotations?: ToolAnnotations;
  /** By the argument's own name. */
  arguments?: Record<string, McpArgumentTransform>;
}

/** How a server shows one argument of a tool. */
export interface McpArgumentTransform {
  /** The name clients use; the handler still receives the argument under its own name. */
  name?: string;
  description?: string;
  /**
   * Left out of the schema clients see; the handler receives `value`, or what `compute(caller)` returns for each call
   * (e.g. `({ auth }) => auth?.claims.tenant_id`).
   */
  hide?: boolean;
  value?: unknown;
  compute?: (caller: McpCaller) => unknown | Promise<unknown>;
}

/** Who a call acts for, as a hidden argument's `compute()` sees it (before the call's own pipeline runs). */
export interface McpCaller {
  /** The verified token, guard-attached principal, or the principal given to `bootstrapStdio` / `McpTestClient`. */
  readonly auth: McpAuthInfo | undefined;
  /** The 2025 session (`Mcp-Session-Id`), if any. */
  readonly sessionId: string | undefined;
}
