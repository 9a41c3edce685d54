import type {
  AuthInfo,
  CreateMessageRequestParams,
  CreateMessageResult,
  CreateMessageResultWithTools,
  LoggingLevel,
  Server,
  ServerContext,
} from '@modelcontextprotocol/server';
import type { Type } from '@nestjs/common';
import { ToolError } from '../errors/tool-error.js';
import type { JsonSchemaObject } from '../interfaces/component-options.interface.js';
import type {
  McpContext,
  McpElicitationResult,
  McpEra,
  McpLogger,
  McpRequestInfo,
  McpSampleOptions,
  McpSessionState,
  McpTransportKind,
} from '../interfaces/mcp-context.interface.js';
import { dtoToJsonSchema } from '../schema/dto-json-schema.js';
import type { McpNotificationBus } from '../session/notification-bus.js';
import { dtoAdapter, formatIssues, jsonSchemaAdapter } from '../schema/schema-adapter.js';

const MODERN_ERA_FROM = '2026-';

export interface McpContextSources {
  sdk: ServerContext;
  server: Server;
  transport: McpTransportKind;
  session: McpSessionState;
  bus: McpNotificationBus;
}

/** The `McpContext` of one call, over the SDK's per-request context. */
export class McpRequestContext implements McpContext {
  readonly requestId: string | number;
  readonly method: string;
  readonly transport: McpTransportKind;
  readonly session: McpSessionState;
  readonly log: McpLogger;
  private readonly sdk: ServerContext;
  private readonly server: Server;
  private readonly bus: McpNotificationBus;
  private requestInfo: McpRequestInfo | undefined | null = null;

  constructor(sources: McpContextSources) {
    this.sdk = sources.sdk;
    this.server = sources.server;
    this.transport = sources.transport;
    this.session = sources.session;
    this.bus = sources.bus;
    this.requestId = sources.sdk.mcpReq.id;
    this.method = sources.sdk.mcpReq.method;
    this.log = createLogger((level, data) => this.sdk.mcpReq.log(level, data));
  }

  get protocolVersion(): string | undefined {
    return this.server.getNegotiatedProtocolVersion();
  }

  get era(): McpEra {
    return this.protocolVersion?.startsWith(MODERN_ERA_FROM) ? 'modern' : 'legacy';
  }

  get client() {
    return { info: this.server.getClientVersion(), capabilities: this.server.getClientCapabilities() };
  }

  get signal(): AbortSignal {
    return this.sdk.mcpReq.signal;
  }

  get auth(): AuthInfo | undefined {
    return this.sdk.http?.authInfo;
  }

  get user(): unknown {
    return this.auth?.extra?.user;
  }

  get request(): McpRequestInfo | undefined {
    if (this.requestInfo === null) {
      const headers = this.sdk.http?.req?.headers;
      this.requestInfo = headers ? { headers: Object.fromEntries(headers.entries()) } : undefined;
    }
    return this.requestInfo;
  }

  closeStream(): boolean {
    const close = this.sdk.http?.closeSSE;
    close?.();
    return close !== undefined;
  }

  notifyResourceUpdated(uri: string): void {
    this.bus.publish({ kind: 'resource_updated', uri });
  }

  async progress(progress: number, total?: number, message?: string): Promise<void> {
    const progressToken = this.sdk.mcpReq._meta?.progressToken;
    if (progressToken === undefined) return;
    await this.sdk.mcpReq.notify({
      method: 'notifications/progress',
      params: { progressToken, progress, ...(total !== undefined ? { total } : {}), ...(message ? { message } : {}) },
    });
  }

  async sample(
    prompt: string | CreateMessageRequestParams,
    options: McpSampleOptions = {},
  ): Promise<CreateMessageResult | CreateMessageResultWithTools> {
    this.assertLegacyEra('sampling');
    if (!this.client.capabilities?.sampling) {
      throw new ToolError('The client does not support sampling (no "sampling" capability declared)');
    }
    const params: CreateMessageRequestParams =
      typeof prompt === 'string'
        ? { maxTokens: 1000, ...options, messages: [{ role: 'user', content: { type: 'text', text: prompt } }] }
        : { ...prompt, ...options };
    return this.sdk.mcpReq.requestSampling(params, { signal: this.signal });
  }

  async elicit<T = Record<string, unknown>>(
    message: string,
    schema: Type<T> | JsonSchemaObject,
  ): Promise<McpElicitationResult<T>> {
    this.assertLegacyEra('elicitation');
    if (!this.client.capabilities?.elicitation) {
      throw new ToolError('The client does not support elicitation (no "elicitation" capability declared)');
    }
    const adapter = typeof schema === 'function' ? dtoAdapter(schema) : jsonSchemaAdapter(schema);
    const requestedSchema = typeof schema === 'function' ? dtoToJsonSchema(schema) : schema;
    const result = await this.sdk.mcpReq.elicitInput(
      { mode: 'form', message, requestedSchema: requestedSchema as never },
      { signal: this.signal },
    );
    if (result.action !== 'accept') return { action: result.action };
    const validated = await adapter.validate(result.content ?? {});
    if (!validated.ok) {
      throw new ToolError(`The elicited input does not match the requested schema:\n${formatIssues(validated.issues)}`);
    }
    return { action: 'accept', data: validated.value as T };
  }

  private assertLegacyEra(feature: string): void {
    if (this.era === 'modern') {
      throw new ToolError(
        `Server-initiated ${feature} is not available on ${this.protocolVersion} requests (no server-to-client requests in that revision)`,
      );
    }
  }
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
