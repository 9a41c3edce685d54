import {
  inputRequired,
  type InputRequiredResult,
  type RequestId,
  type RequestStateCodec,
  type Server,
  type ServerContext,
} from '@modelcontextprotocol/server';
import { Inject, Injectable } from '@nestjs/common';
import { InputExchange } from '../context/input-exchange.js';
import { eraOf, McpRequestContext } from '../context/mcp-request-context.js';
import { SessionStateHandle } from '../context/session-state.js';
import { McpErrorMapper } from '../errors/error-mapper.js';
import { McpError } from '../errors/mcp-error.js';
import type { McpTransportKind } from '../interfaces/mcp-context.interface.js';
import { MCP_RESOLVED_OPTIONS, type McpResolvedOptions } from '../mcp-options.js';
import type { McpCallInfo, McpPipelineArgs } from '../pipeline/mcp-call.js';
import type { McpComponent, PromptComponent, ToolComponent } from '../registry/component.types.js';
import type { SchemaValidation } from '../schema/schema-adapter.js';
import { MCP_NOTIFICATION_BUS, type McpNotificationBus } from '../session/notification-bus.js';
import type { SessionLogLevel } from '../session/session-log-level.js';
import { MCP_SESSION_STORE, type SessionStore } from '../session/session-store.interface.js';
import { MCP_INPUT_STATE_CODEC, type InputRoundState } from './input-required-state.js';

/** Where a server instance runs; handlers need it to build each call's `McpContext`. */
export interface McpServerBinding {
  server: Server;
  transport: McpTransportKind;
  /** Set for shared 2025 sessions: log notifications are filtered by the session's level, wherever it was set. */
  logLevel?: SessionLogLevel;
  /** Set for 2025 sessions with resumable streams served by several instances. */
  claimStream?: (requestId: RequestId) => Promise<void>;
}

/** How one handler invocation ended. */
export type Outcome = { value: unknown } | { error: unknown } | { inputRequired: InputRequiredResult };

/** Extras for invocations that outlive their request (tasks) or can be detached (manual-start tasks). */
export interface InvocationExtras {
  input?: InputExchange;
  signal?: AbortSignal;
  startTask?: () => void;
}

/**
 * Invokes component pipelines with a fresh `McpContext`, and owns the 2026-07-28 input-required rounds:
 * a handler's open questions become an input-required result whose signed state carries the answers so far.
 */
@Injectable()
export class McpInvoker {
  readonly errors: McpErrorMapper;

  constructor(
    @Inject(MCP_SESSION_STORE) private readonly sessions: SessionStore,
    @Inject(MCP_NOTIFICATION_BUS) private readonly bus: McpNotificationBus,
    @Inject(MCP_RESOLVED_OPTIONS) options: McpResolvedOptions,
    @Inject(MCP_INPUT_STATE_CODEC) private readonly inputState: RequestStateCodec<InputRoundState>,
  ) {
    this.errors = new McpErrorMapper(options.maskErrors);
  }

  /** Runs a handler that may ask the client for input (answers and questions go through `extras.input`). */
  async run(component: McpComponent, binding: McpServerBinding, sdk: ServerContext, args: unknown, info: McpCallInfo, extras: InvocationExtras = {}): Promise<Outcome> {
    const target = targetOf(info);
    const input = extras.input ?? this.inputExchange(binding, sdk, target);
    try {
      const value = await component.pipeline.invoke(this.pipelineArgs(binding, sdk, args, info, { ...extras, input }));
      return input?.needsInput ? { inputRequired: await this.nextRound(input, target) } : { value };
    } catch (error) {
      return input?.needsInput ? { inputRequired: await this.nextRound(input, target) } : { error };
    }
  }

  /** The answers of a 2026-07-28 request (earlier rounds' verified state plus this retry's); undefined on 2025. */
  inputExchange(binding: McpServerBinding, sdk: ServerContext, target: string): InputExchange | undefined {
    if (eraOf(binding.server.getNegotiatedProtocolVersion()) !== 'modern') return undefined;
    const state = sdk.mcpReq.requestState<InputRoundState>();
    if (state !== undefined && (typeof state !== 'object' || state.target !== target)) {
      throw McpError.invalidParams('Invalid or expired requestState');
    }
    return new InputExchange({ ...state?.responses, ...sdk.mcpReq.inputResponses });
  }

  private async nextRound(input: InputExchange, target: string): Promise<InputRequiredResult> {
    const requestState = await this.inputState.mint({ target, responses: { ...input.responses } });
    return inputRequired({ inputRequests: input.pending, requestState });
  }

  /** Components whose guards let this caller through: a denied component is hidden, not just refused. */
  async visible<T extends McpComponent>(components: T[], binding: McpServerBinding, sdk: ServerContext): Promise<T[]> {
    if (!components.length) return components;
    const method = sdk.mcpReq.method;
    const allowed = await Promise.all(
      components.map((component) => component.pipeline.canActivate(this.pipelineArgs(binding, sdk, {}, callInfo(method, component)))),
    );
    return components.filter((_, index) => allowed[index]);
  }

  pipelineArgs(binding: McpServerBinding, sdk: ServerContext, args: unknown, info: McpCallInfo, extras: InvocationExtras = {}): McpPipelineArgs {
    const context = new McpRequestContext({
      sdk,
      server: binding.server,
      transport: binding.transport,
      session: new SessionStateHandle(this.sessions, sdk.sessionId),
      bus: this.bus,
      logLevel: binding.logLevel,
      claimStream: binding.claimStream,
      ...extras,
    });
    return [args as Record<string, unknown>, context, info];
  }
}

export function callInfo(method: string, component: McpComponent): McpCallInfo {
  return { method, kind: component.kind, name: component.kind === 'resource' ? component.uri : component.name };
}

/** What an input-required round belongs to: its state is only valid for the same call. */
export function targetOf(info: McpCallInfo): string {
  return `${info.method}:${info.name}`;
}

/** Validated (and, for DTOs, transformed) arguments; a component without a schema takes them as they came. */
export function validateArguments(component: ToolComponent | PromptComponent, raw: unknown): Promise<SchemaValidation> {
  const args = raw ?? {};
  return component.input ? component.input.validate(args) : Promise.resolve({ ok: true, value: args });
}
