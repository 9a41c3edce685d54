import { randomUUID } from 'node:crypto';
import {
  inputRequired,
  type AuthInfo,
  type CreateMessageRequestParams,
  type CreateMessageResult,
  type CreateMessageResultWithTools,
  type ElicitRequestFormParams,
  type ElicitResult,
  type InputRequest,
  type ListRootsResult,
  type LoggingLevel,
  type RequestId,
  type Server,
  type ServerContext,
} from '@modelcontextprotocol/server';
import type { Type } from '@nestjs/common';
import { ToolError } from '../errors/tool-error.js';
import type { JsonSchemaObject } from '../interfaces/component-options.interface.js';
import type {
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
} from '../interfaces/mcp-context.interface.js';
import { dtoAdapter, formatIssues, jsonSchemaAdapter } from '../schema/schema-adapter.js';
import type { McpNotificationBus } from '../session/notification-bus.js';
import type { SessionLogLevel } from '../session/session-log-level.js';
import type { InputExchange } from './input-exchange.js';

const MODERN_ERA_FROM = '2026-';
/** Users take their time answering; the SDK's 60 s default request timeout is for machines. */
const INPUT_TIMEOUT_MS = 10 * 60 * 1000;

export interface McpContextSources {
  sdk: ServerContext;
  server: Server;
  transport: McpTransportKind;
  session: McpSessionState;
  bus: McpNotificationBus;
  /** Set on 2026-07-28 requests that may ask the client for input (tools/call, prompts/get, resources/read). */
  input?: InputExchange;
  /** Replaces the request's signal (a task's own, which outlives the request). */
  signal?: AbortSignal;
  /** Turns a manual-start task call into a task. */
  startTask?: () => void;
  /** The shared session's log level (2025 sessions served by several instances). */
  logLevel?: SessionLogLevel;
  /** Records this call's stream as resumable on other instances before it closes early. */
  claimStream?: (requestId: RequestId) => Promise<void>;
}

/** The `McpContext` of one call, over the SDK's per-request context. */
export class McpRequestContext implements McpContext {
  readonly requestId: string | number;
  readonly method: string;
  readonly transport: McpTransportKind;
  readonly session: McpSessionState;
  readonly log: McpLogger;
  private requestInfo: McpRequestInfo | undefined | null = null;

  constructor(private readonly sources: McpContextSources) {
    this.transport = sources.transport;
    this.session = sources.session;
    this.requestId = sources.sdk.mcpReq.id;
    this.method = sources.sdk.mcpReq.method;
    const { logLevel, sdk } = sources;
    this.log = createLogger((level, data) =>
      logLevel
        ? logLevel.allows(level)
          ? sdk.mcpReq.notify({ method: 'notifications/message', params: { level, data } })
          : Promise.resolve()
        : sdk.mcpReq.log(level, data),
    );
  }

  get protocolVersion(): string | undefined {
    return this.sources.server.getNegotiatedProtocolVersion();
  }

  get era(): McpEra {
    return eraOf(this.protocolVersion);
  }

  get client() {
    return { info: this.sources.server.getClientVersion(), capabilities: this.sources.server.getClientCapabilities() };
  }

  get signal(): AbortSignal {
    return this.sources.signal ?? this.sources.sdk.mcpReq.signal;
  }

  async startTask(): Promise<void> {
    this.sources.startTask?.();
  }

  get auth(): AuthInfo | undefined {
    return this.sources.sdk.http?.authInfo;
  }

  get user(): unknown {
    return this.auth?.extra?.user;
  }

  get request(): McpRequestInfo | undefined {
    if (this.requestInfo === null) {
      const headers = this.sources.sdk.http?.req?.headers;
      this.requestInfo = headers ? { headers: Object.fromEntries(headers.entries()) } : undefined;
    }
    return this.requestInfo;
  }

  async closeStream(): Promise<boolean> {
    const close = this.sources.sdk.http?.closeSSE;
    if (!close) return false;
    await this.sources.claimStream?.(this.requestId);
    close();
    return true;
  }

  notifyResourceUpdated(uri: string): void {
    this.sources.bus.publish({ kind: 'resource_updated', uri });
  }

  async progress(progress: number, total?: number, message?: string): Promise<void> {
    const progressToken = this.sources.sdk.mcpReq._meta?.progressToken;
    if (progressToken === undefined) return;
    await this.sources.sdk.mcpReq.notify({
      method: 'notifications/progress',
      params: { progressToken, progress, ...(total !== undefined ? { total } : {}), ...(message ? { message } : {}) },
    });
  }

  async sample(
    prompt: string | CreateMessageRequestParams,
    options: McpSampleOptions = {},
  ): Promise<CreateMessageResult | CreateMessageResultWithTools> {
    const { key, ...overrides } = options;
    const params: CreateMessageRequestParams =
      typeof prompt === 'string'
        ? { maxTokens: 1000, ...overrides, messages: [{ role: 'user', content: { type: 'text', text: prompt } }] }
        : { ...prompt, ...overrides };
    if (params.tools?.length && this.client.capabilities?.sampling && !this.client.capabilities.sampling.tools) {
      throw new ToolError('The client does not support tool use in sampling (no "sampling.tools" capability declared)');
    }
    return this.askClient({
      kind: 'sample',
      key,
      feature: 'sampling',
      capability: 'sampling',
      declared: this.client.capabilities?.sampling !== undefined,
      request: inputRequired.createMessage(params),
      isAnswer: isSamplingResult,
    });
  }

  async elicit<T = Record<string, unknown>>(
    message: string,
    schema: Type<T> | JsonSchemaObject,
    options: McpInputOptions = {},
  ): Promise<McpElicitationResult<T>> {
    const adapter = typeof schema === 'function' ? dtoAdapter(schema) : jsonSchemaAdapter(schema);
    const requestedSchema = adapter.jsonSchema as ElicitRequestFormParams['requestedSchema'];
    const result = await this.askClient({
      kind: 'elicit',
      key: options.key,
      feature: 'elicitation',
      capability: 'elicitation',
      declared: this.client.capabilities?.elicitation !== undefined,
      request: this.sources.input
        ? inputRequired.elicit({ message, requestedSchema })
        : { method: 'elicitation/create', params: { mode: 'form', message, requestedSchema } },
      isAnswer: isElicitResult,
    });
    if (result.action !== 'accept') return { action: result.action };
    const validated = await adapter.validate(result.content ?? {});
    if (!validated.ok) {
      throw new ToolError(`The elicited input does not match the requested schema:\n${formatIssues(validated.issues)}`);
    }
    return { action: 'accept', data: validated.value as T };
  }

  async elicitUrl(message: string, url: string, options: McpInputOptions = {}): Promise<McpUrlElicitationResult> {
    // The 2025 request carries an id for the completion notice; 2026-07-28 dropped both.
    const elicitationId = this.sources.input ? undefined : randomUUID();
    const result = await this.askClient({
      kind: 'elicit',
      key: options.key,
      feature: 'URL elicitation',
      capability: 'elicitation.url',
      declared: this.client.capabilities?.elicitation?.url !== undefined,
      request: elicitationId
        ? { method: 'elicitation/create', params: { mode: 'url', message, url, elicitationId } }
        : inputRequired.elicitUrl({ message, url }),
      isAnswer: isElicitResult,
    });
    if (!elicitationId) return { action: result.action, complete: async () => undefined };
    return { action: result.action, elicitationId, complete: this.sources.server.createElicitationCompletionNotifier(elicitationId) };
  }

  async listRoots(options: McpInputOptions = {}): Promise<ListRootsResult> {
    return this.askClient({
      kind: 'roots',
      key: options.key,
      feature: 'roots listing',
      capability: 'roots',
      declared: this.client.capabilities?.roots !== undefined,
      request: inputRequired.listRoots(),
      isAnswer: isRootsResult,
    });
  }

  /**
   * Asks the client something: on 2026-07-28 requests an input-required round (the answer comes with the retry); on
   * 2025 sessions a server-to-client request on this request's own stream (not the session's GET stream, so it
   * reaches the client through the instance serving the call), once the client declared the capability.
   */
  private async askClient<T>(question: {
    kind: 'sample' | 'elicit' | 'roots';
    key: string | undefined;
    feature: string;
    capability: string;
    declared: boolean;
    request: { method: string; params?: object };
    isAnswer: (value: unknown) => value is T;
  }): Promise<T> {
    const { input } = this.sources;
    if (input) return input.answer(input.key(question.kind, question.key), question.request as InputRequest, question.isAnswer);
    this.assertLegacyEra(question.feature);
    if (!question.declared) {
      throw new ToolError(`The client does not support ${question.feature} (no "${question.capability}" capability declared)`);
    }
    const send = this.sources.sdk.mcpReq.send as (request: { method: string; params?: object }, options?: object) => Promise<unknown>;
    return (await send(question.request, { signal: this.signal, timeout: INPUT_TIMEOUT_MS })) as T;
  }

  private assertLegacyEra(feature: string): void {
    if (this.era === 'modern') {
      throw new ToolError(`${feature} is only available in tools, prompts and resources on ${this.protocolVersion} requests`);
    }
  }
}

function isElicitResult(value: unknown): value is ElicitResult {
  const action = (value as { action?: unknown } | null)?.action;
  return action === 'accept' || action === 'decline' || action === 'cancel';
}

function isSamplingResult(value: unknown): value is CreateMessageResult {
  return typeof value === 'object' && value !== null && 'role' in value && 'content' in value;
}

function isRootsResult(value: unknown): value is ListRootsResult {
  return Array.isArray((value as { roots?: unknown } | null)?.roots);
}

/** `modern` for 2026-07-28 and later revisions, `legacy` for the 2025 ones. */
export function eraOf(protocolVersion: string | undefined): McpEra {
  return protocolVersion !== undefined && protocolVersion >= MODERN_ERA_FROM ? 'modern' : 'legacy';
}

function createLogger(send: (level: LoggingLevel, data: unknown) => Promise<void>): McpLogger {
  const log = (level: LoggingLevel, message: string, data?: unknown) => send(level, data === undefined ? message : { message, data });
  return {
    log,
    debug: (message, data) => log('debug', message, data),
    info: (message, data) => log('info', message, data),
    notice: (message, data) => log('notice', message, data),
    warning: (message, data) => log('warning', message, data),
    error: (message, data) => log('error', message, data),
  };
}
