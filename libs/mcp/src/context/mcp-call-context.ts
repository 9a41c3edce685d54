import {
  CLIENT_CAPABILITIES_META_KEY,
  CLIENT_INFO_META_KEY,
  inputRequired,
  type ClientCapabilities,
  type Implementation,
  type CreateMessageRequestParams,
  type CreateMessageResult,
  type CreateMessageResultWithTools,
  type ElicitRequestFormParams,
  type ElicitResult,
  type ListRootsResult,
  type RequestId,
  type Server,
  type ServerContext,
} from '@modelcontextprotocol/server';
import type { Type } from '@nestjs/common';
import { mcpAuthInfoOf } from '../access/auth-info.js';
import { ToolError } from '../errors/tool-error.js';
import type { McpAuthInfo } from '../interfaces/auth.interface.js';
import type { JsonSchemaObject } from '../interfaces/component-options.interface.js';
import type {
  McpContext,
  McpElicitationResult,
  McpInputOptions,
  McpLogger,
  McpRequestInfo,
  McpSampleOptions,
  McpSessionState,
  McpTransportKind,
  McpUrlElicitationResult,
} from '../interfaces/mcp-context.interface.js';
import type { McpNotificationBus } from '../interfaces/notification-bus.interface.js';
import type { McpEra } from '../protocol/eras.js';
import { dtoAdapter, formatIssues, jsonSchemaAdapter } from '../schema/schema-adapter.js';
import type { SessionLogLevel } from '../session/session-log-level.js';
import { clientAddressOf } from './client-address.js';
import type { ClientChannel } from './client-channel.js';
import { createMcpLogger } from './mcp-logger.js';

/** Where one call runs: the SDK's request context, the server instance, and how the call may reach the client. */
export interface McpCallSources {
  sdk: ServerContext;
  server: Server;
  transport: McpTransportKind;
  era: McpEra;
  /** How the handler asks the client for input (chosen by the server's era). */
  channel: ClientChannel;
  session: McpSessionState;
  bus: McpNotificationBus;
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
export class McpCallContext implements McpContext {
  readonly requestId: string | number;
  readonly method: string;
  readonly era: McpEra;
  readonly transport: McpTransportKind;
  readonly session: McpSessionState;
  readonly log: McpLogger;
  private requestInfo: McpRequestInfo | undefined | null = null;

  constructor(private readonly sources: McpCallSources) {
    this.era = sources.era;
    this.transport = sources.transport;
    this.session = sources.session;
    this.requestId = sources.sdk.mcpReq.id;
    this.method = sources.sdk.mcpReq.method;
    const { logLevel, sdk } = sources;
    // The session's level as stored, read once per call that logs: another instance may have just changed it, and
    // the store has the change before that client's next request, which its relay message may not.
    let current: Promise<void> | undefined;
    this.log = createMcpLogger((level, data) =>
      logLevel
        ? (current ??= logLevel.load().catch(() => undefined)).then(() =>
            logLevel.allows(level) ? sdk.mcpReq.notify({ method: 'notifications/message', params: { level, data } }) : undefined,
          )
        : sdk.mcpReq.log(level, data),
    );
  }

  get protocolVersion(): string | undefined {
    return this.sources.server.getNegotiatedProtocolVersion();
  }

  get client() {
    // A 2026-07-28 request says who the client is in its own envelope; a 2025 client said it once, in `initialize`.
    const envelope = this.sources.sdk.mcpReq.envelope as Record<string, unknown> | undefined;
    if (envelope) {
      return {
        info: envelope[CLIENT_INFO_META_KEY] as Implementation | undefined,
        capabilities: envelope[CLIENT_CAPABILITIES_META_KEY] as ClientCapabilities | undefined,
      };
    }
    return { info: this.sources.server.getClientVersion(), capabilities: this.sources.server.getClientCapabilities() };
  }

  get signal(): AbortSignal {
    return this.sources.signal ?? this.sources.sdk.mcpReq.signal;
  }

  async startTask(): Promise<void> {
    this.sources.startTask?.();
  }

  get auth(): McpAuthInfo | undefined {
    const auth = this.sources.sdk.http?.authInfo;
    return auth && mcpAuthInfoOf(auth);
  }

  get user(): unknown {
    return this.auth?.extra?.user;
  }

  get request(): McpRequestInfo | undefined {
    if (this.requestInfo === null) {
      const req = this.sources.sdk.http?.req;
      const clientAddress = clientAddressOf(req);
      this.requestInfo = req?.headers ? { headers: Object.fromEntries(req.headers.entries()), ...(clientAddress ? { clientAddress } : {}) } : undefined;
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
    return this.sources.channel.ask({
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
    const result = await this.sources.channel.ask({
      kind: 'elicit',
      key: options.key,
      feature: 'elicitation',
      capability: 'elicitation',
      declared: this.client.capabilities?.elicitation !== undefined,
      request: { method: 'elicitation/create', params: { mode: 'form', message, requestedSchema } },
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
    const elicitationId = this.sources.channel.urlElicitationId();
    const result = await this.sources.channel.ask({
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
    return this.sources.channel.ask({
      kind: 'roots',
      key: options.key,
      feature: 'roots listing',
      capability: 'roots',
      declared: this.client.capabilities?.roots !== undefined,
      request: inputRequired.listRoots(),
      isAnswer: isRootsResult,
    });
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
