import type {
  ListRootsResult,
  ClientCapabilities,
  CreateMessageRequestParams,
  CreateMessageResult,
  CreateMessageResultWithTools,
  Implementation,
  LoggingLevel,
} from '@modelcontextprotocol/server';
import type { Type } from '@nestjs/common';
import type { McpEra } from '../protocol/eras.js';
import type { McpComponentFilter } from './component-visibility.interface.js';
import type { McpAuthInfo } from './auth.interface.js';
import type { JsonSchemaObject } from './component-options.interface.js';

export type { McpEra };
export type McpTransportKind = 'http' | 'stdio' | 'memory';

/** Log notifications sent to the client (`notifications/message`), filtered by the level the client asked for. */
export interface McpLogger {
  debug(message: string, data?: unknown): Promise<void>;
  info(message: string, data?: unknown): Promise<void>;
  notice(message: string, data?: unknown): Promise<void>;
  warning(message: string, data?: unknown): Promise<void>;
  error(message: string, data?: unknown): Promise<void>;
  log(level: LoggingLevel, message: string, data?: unknown): Promise<void>;
}

/**
 * State kept per MCP session: a 2025-era HTTP session (in the session store), or a connection on stdio or in memory
 * (either era, in process memory, dropped when it closes). Async so it can live in a shared store.
 */
export interface McpSessionState {
  /**
   * The `Mcp-Session-Id` on HTTP, an id generated per connection on stdio and in memory, or undefined where there is
   * no session (stateless HTTP, 2026-07-28 requests over HTTP).
   */
  readonly id: string | undefined;
  get<T = unknown>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown): Promise<void>;
  delete(key: string): Promise<void>;
  /**
   * Shows this session the components matching `filter` (by name, tag and/or kind), also those the server's
   * `disabled` option turns off, and sends it `list_changed`. Other sessions are untouched; the rule is kept with the
   * session (on every instance when the session store is shared). Throws where there is no session (stateless HTTP,
   * 2026-07-28 requests over HTTP).
   */
  enable(filter: McpComponentFilter): Promise<void>;
  /** Hides the matching components from this session: they leave its lists and cannot be called, read or got. */
  disable(filter: McpComponentFilter): Promise<void>;
  /** Forgets this session's `enable` / `disable` rules: it sees what the server shows by default again. */
  resetVisibility(): Promise<void>;
}

export type McpElicitationResult<T> =
  | { action: 'accept'; data: T }
  | { action: 'decline'; data?: undefined }
  | { action: 'cancel'; data?: undefined };

export interface McpInputOptions {
  /**
   * Names this question in 2026-07-28 input-required rounds (`inputRequests` key). Defaults to the kind and the
   * call's position in the handler (`elicit-1`), which is stable as long as the handler asks in the same order.
   */
  key?: string;
}

export interface McpUrlElicitationResult {
  action: 'accept' | 'decline' | 'cancel';
  /** The id of this URL elicitation (2025 era), to correlate the out-of-band completion. */
  elicitationId?: string;
  /** Sends `notifications/elicitation/complete` for it (2025 era; a no-op on 2026-07-28). */
  complete(): Promise<void>;
}

export interface McpSampleOptions extends Partial<Omit<CreateMessageRequestParams, 'messages'>>, McpInputOptions {}

/** The request headers as seen by the MCP endpoint (lower-cased names). */
export interface McpRequestInfo {
  readonly headers: Readonly<Record<string, string>>;
  /** The client's IP address as the platform computes it (Fastify's `request.ip`, so `trustProxy` is honoured). */
  readonly clientAddress?: string;
}

/**
 * Everything a tool, resource or prompt handler can know about and do with the current MCP call.
 * Inject it with `@McpCtx()`.
 */
export interface McpContext {
  /** JSON-RPC id of the request being served. */
  readonly requestId: string | number;
  /** The MCP method, e.g. `tools/call`. */
  readonly method: string;
  readonly era: McpEra;
  readonly protocolVersion: string | undefined;
  readonly transport: McpTransportKind;
  readonly client: { readonly info?: Implementation; readonly capabilities?: ClientCapabilities };
  /** Aborted when the client cancels the request (`notifications/cancelled`) or disconnects. */
  readonly signal: AbortSignal;
  readonly session: McpSessionState;
  /**
   * Who the request acts for: the verified bearer token (the `auth` option), what an HTTP guard attached
   * (`request.auth`, or `request.user` wrapped), or the principal given to `bootstrapStdio` / `McpTestClient`.
   */
  readonly auth: McpAuthInfo | undefined;
  /** `request.user` as set by an HTTP guard (e.g. Passport), if any. */
  readonly user: unknown;
  readonly request: McpRequestInfo | undefined;
  readonly log: McpLogger;
  /**
   * Closes the response stream of this request (SEP-1699 polling) without cancelling it: the client reconnects with
   * `Last-Event-ID` and gets what it missed. Needs an `eventStore`; a no-op elsewhere. Resolves with whether it closed.
   */
  closeStream(): Promise<boolean>;
  /**
   * For tools declared with `taskStart: 'manual'`: turns this call into a task now. The client gets the task
   * handle and the handler goes on in the background. A no-op when the call is not a task call or already is a task.
   */
  startTask(): Promise<void>;
  /**
   * Tells clients subscribed to this resource that it changed (`notifications/resources/updated`). A mounted module's
   * own URI also reaches the subscribers of the namespaced URI its server serves it under.
   */
  notifyResourceUpdated(uri: string): void;
  /** Reports progress on the request's own stream; a no-op when the client sent no progress token. */
  progress(progress: number, total?: number, message?: string): Promise<void>;
  /**
   * Asks the client's model for a completion (`sampling/createMessage`). A string is sent as one user message.
   * `sample`, `elicit` and `listRoots` work on both eras: a server-to-client request on 2025 sessions, an
   * input-required round on 2026-07-28 requests (the handler is run again with the answers; keep what it does before
   * asking free of side effects, or idempotent).
   */
  sample(
    prompt: string | CreateMessageRequestParams,
    options?: McpSampleOptions,
  ): Promise<CreateMessageResult | CreateMessageResultWithTools>;
  /**
   * Asks the user for structured input (`elicitation/create`, form mode). The schema is a DTO class (the accepted
   * data is validated and returned as an instance of it) or a flat JSON Schema object.
   */
  elicit<T = Record<string, unknown>>(
    message: string,
    schema: Type<T> | JsonSchemaObject,
    options?: McpInputOptions,
  ): Promise<McpElicitationResult<T>>;
  /**
   * Sends the user to a URL (`elicitation/create`, URL mode: sign-ins, payments, anything that must not pass through
   * the client). On 2025 sessions `complete()` tells the client the out-of-band step finished
   * (`notifications/elicitation/complete`); on 2026-07-28 requests it is an input-required round.
   */
  elicitUrl(message: string, url: string, options?: McpInputOptions): Promise<McpUrlElicitationResult>;
  /** Asks the client for its roots (`roots/list`). */
  listRoots(options?: McpInputOptions): Promise<ListRootsResult>;
}

/**
 * `McpContext` as a value too, so `import { McpContext }` compiles where a decorated signature names it under
 * `isolatedModules` + `emitDecoratorMetadata` (TS1272 asks for `import type` otherwise). At run time it is `Object`,
 * the metadata `import type` would give, so pipes treat the context parameter as before; not a class for `instanceof`.
 */
export const McpContext = Object as unknown as abstract new () => McpContext;
