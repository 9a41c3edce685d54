import {
  inputRequired,
  type CallToolRequest,
  type InputRequiredResult,
  type RequestStateCodec,
  type CompleteRequest,
  type CompleteResult,
  type CallToolResult,
  type GetPromptRequest,
  type GetPromptResult,
  type ReadResourceRequest,
  type ReadResourceResult,
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
import { McpRegistry } from '../registry/mcp-registry.js';
import { toGetPromptResult } from '../results/prompt-result.mapper.js';
import { toReadResourceResult } from '../results/resource-result.mapper.js';
import { toCallToolResult } from '../results/tool-result.mapper.js';
import { enumCompletion, toCompleteResult } from './completion-result.js';
import { MCP_INPUT_STATE_CODEC, type InputRoundState } from './input-required-state.js';
import { formatIssues, type SchemaValidation } from '../schema/schema-adapter.js';
import { MCP_NOTIFICATION_BUS, type McpNotificationBus } from '../session/notification-bus.js';
import { MCP_SESSION_STORE, type SessionStore } from '../session/session-store.interface.js';

/** Where a server instance runs; handlers need it to build each call's `McpContext`. */
export interface McpServerBinding {
  server: Server;
  transport: McpTransportKind;
}

/** The MCP method handlers, shared by every server instance: lookups, validation, pipeline, result mapping. */
@Injectable()
export class McpHandlers {
  private readonly errors: McpErrorMapper;

  constructor(
    private readonly registry: McpRegistry,
    @Inject(MCP_SESSION_STORE) private readonly sessions: SessionStore,
    @Inject(MCP_NOTIFICATION_BUS) private readonly bus: McpNotificationBus,
    @Inject(MCP_RESOLVED_OPTIONS) options: McpResolvedOptions,
    @Inject(MCP_INPUT_STATE_CODEC) private readonly inputState: RequestStateCodec<InputRoundState>,
  ) {
    this.errors = new McpErrorMapper(options.maskErrors);
  }

  async listTools(binding: McpServerBinding, sdk: ServerContext) {
    const tools = await this.visible(this.registry.listTools(), binding, sdk);
    return { tools: tools.map((tool) => tool.descriptor) };
  }

  async callTool(binding: McpServerBinding, request: CallToolRequest, sdk: ServerContext): Promise<CallToolResult | InputRequiredResult> {
    const { name, arguments: rawArgs } = request.params;
    const tool = this.registry.getTool(name);
    if (!tool) throw McpError.invalidParams(`Unknown tool: ${name}`);
    const args = await validateArguments(tool, rawArgs);
    if (!args.ok) return invalidArgumentsResult(name, formatIssues(args.issues));
    const outcome = await this.run(tool, binding, sdk, args.value, call('tools/call', tool));
    if ('inputRequired' in outcome) return outcome.inputRequired;
    if ('error' in outcome) return this.errors.toToolResult(outcome.error, name);
    const result = toCallToolResult(outcome.value, tool.output !== undefined);
    if (tool.output && !result.isError && result.structuredContent !== undefined) {
      const checked = await tool.output.validate(result.structuredContent);
      if (!checked.ok) {
        return this.errors.toToolResult(new Error(`Tool "${name}" returned output that does not match its output schema:\n${formatIssues(checked.issues)}`), name);
      }
    }
    return binding.server.projectCallToolResult(result, tool.output?.jsonSchema);
  }

  async listResources(binding: McpServerBinding, sdk: ServerContext) {
    const resources = await this.visible(this.registry.listResources(), binding, sdk);
    return { resources: resources.map((resource) => resource.descriptor) as never[] };
  }

  async listResourceTemplates(binding: McpServerBinding, sdk: ServerContext) {
    const templates = await this.visible(this.registry.listResourceTemplates(), binding, sdk);
    return { resourceTemplates: templates.map((template) => template.descriptor) as never[] };
  }

  async readResource(binding: McpServerBinding, request: ReadResourceRequest, sdk: ServerContext): Promise<ReadResourceResult | InputRequiredResult> {
    const { uri } = request.params;
    const found = this.registry.findResource(uri);
    if (!found) throw McpError.resourceNotFound(uri);
    const { resource, variables } = found;
    const outcome = await this.run(resource, binding, sdk, variables, call('resources/read', resource));
    if ('inputRequired' in outcome) return outcome.inputRequired;
    if ('error' in outcome) throw this.errors.toProtocolError(outcome.error, `resource "${uri}"`);
    return toReadResourceResult(outcome.value, uri, resource.mimeType);
  }

  async listPrompts(binding: McpServerBinding, sdk: ServerContext) {
    const prompts = await this.visible(this.registry.listPrompts(), binding, sdk);
    return { prompts: prompts.map((prompt) => prompt.descriptor) };
  }

  async getPrompt(binding: McpServerBinding, request: GetPromptRequest, sdk: ServerContext): Promise<GetPromptResult | InputRequiredResult> {
    const { name, arguments: rawArgs } = request.params;
    const prompt = this.registry.getPrompt(name);
    if (!prompt) throw McpError.invalidParams(`Unknown prompt: ${name}`);
    const args = await validateArguments(prompt, rawArgs);
    if (!args.ok) throw McpError.invalidParams(`Invalid arguments for prompt "${name}":\n${formatIssues(args.issues)}`);
    const outcome = await this.run(prompt, binding, sdk, args.value, call('prompts/get', prompt));
    if ('inputRequired' in outcome) return outcome.inputRequired;
    if ('error' in outcome) throw this.errors.toProtocolError(outcome.error, `prompt "${name}"`);
    return toGetPromptResult(outcome.value, prompt.descriptor.description);
  }

  async complete(binding: McpServerBinding, request: CompleteRequest, sdk: ServerContext): Promise<CompleteResult> {
    const { ref, argument, context } = request.params;
    const target = ref.type === 'ref/prompt' ? 'prompt' : 'resource';
    const refName = ref.type === 'ref/prompt' ? ref.name : ref.uri;
    const prompt = target === 'prompt' ? this.registry.getPrompt(refName) : undefined;
    if (target === 'prompt' && !prompt) throw McpError.invalidParams(`Unknown prompt: ${refName}`);
    if (target === 'resource' && !this.registry.getTemplate(refName)) throw McpError.invalidParams(`Unknown resource template: ${refName}`);
    const completer = this.registry.getCompletion(target, refName, argument.name);
    if (!completer) return toCompleteResult(enumCompletion(prompt?.input?.jsonSchema, argument.name, argument.value));
    const completionRequest = { argument: argument.name, value: argument.value, context: context?.arguments ?? {} };
    try {
      return toCompleteResult(await completer.pipeline.invoke(this.pipelineArgs(binding, sdk, completionRequest, call('completion/complete', completer))));
    } catch (error) {
      throw this.errors.toProtocolError(error, `completion of ${completer.name}`);
    }
  }

  /**
   * Runs a handler that may ask the client for input. On 2026-07-28 requests its questions become an input-required
   * result with signed state holding the answers so far; the client's retry runs it again with them.
   */
  private async run(component: McpComponent, binding: McpServerBinding, sdk: ServerContext, args: unknown, info: McpCallInfo): Promise<Outcome> {
    const target = `${info.method}:${info.name}`;
    const input = this.inputExchange(binding, sdk, target);
    try {
      const value = await component.pipeline.invoke(this.pipelineArgs(binding, sdk, args, info, input));
      return input?.needsInput ? { inputRequired: await this.nextRound(input, target) } : { value };
    } catch (error) {
      return input?.needsInput ? { inputRequired: await this.nextRound(input, target) } : { error };
    }
  }

  private inputExchange(binding: McpServerBinding, sdk: ServerContext, target: string): InputExchange | undefined {
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
  private async visible<T extends McpComponent>(components: T[], binding: McpServerBinding, sdk: ServerContext): Promise<T[]> {
    if (!components.length) return components;
    const method = sdk.mcpReq.method;
    const allowed = await Promise.all(
      components.map((component) => component.pipeline.canActivate(this.pipelineArgs(binding, sdk, {}, call(method, component)))),
    );
    return components.filter((_, index) => allowed[index]);
  }

  private pipelineArgs(binding: McpServerBinding, sdk: ServerContext, args: unknown, info: McpCallInfo, input?: InputExchange): McpPipelineArgs {
    const context = new McpRequestContext({
      sdk,
      server: binding.server,
      transport: binding.transport,
      session: new SessionStateHandle(this.sessions, sdk.sessionId),
      bus: this.bus,
      input,
    });
    return [args as Record<string, unknown>, context, info];
  }
}

function call(method: string, component: McpComponent): McpCallInfo {
  return { method, kind: component.kind, name: component.kind === 'resource' ? component.uri : component.name };
}

type Outcome = { value: unknown } | { error: unknown } | { inputRequired: InputRequiredResult };

/** Validated (and, for DTOs, transformed) arguments; a component without a schema takes them as they came. */
function validateArguments(component: ToolComponent | PromptComponent, raw: unknown): Promise<SchemaValidation> {
  const args = raw ?? {};
  return component.input ? component.input.validate(args) : Promise.resolve({ ok: true, value: args });
}

function invalidArgumentsResult(name: string, details: string): CallToolResult {
  return { content: [{ type: 'text', text: `Invalid arguments for tool "${name}":\n${details}` }], isError: true };
}

