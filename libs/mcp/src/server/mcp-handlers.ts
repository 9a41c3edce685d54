import type {
  CompleteRequest,
  CompleteResult,
  GetPromptRequest,
  GetPromptResult,
  InputRequiredResult,
  PaginatedRequest,
  ReadResourceRequest,
  ReadResourceResult,
  ServerContext,
} from '@modelcontextprotocol/server';
import { Inject, Injectable } from '@nestjs/common';
import { McpError } from '../errors/mcp-error.js';
import { MCP_RESOLVED_OPTIONS, type McpResolvedOptions } from '../mcp-options.js';
import type { McpComponent } from '../registry/component.types.js';
import { McpRegistry } from '../registry/mcp-registry.js';
import { toGetPromptResult } from '../results/prompt-result.mapper.js';
import { toReadResourceResult } from '../results/resource-result.mapper.js';
import { formatIssues } from '../schema/schema-adapter.js';
import { enumCompletion, toCompleteResult } from './completion-result.js';
import { eraOf } from '../context/mcp-request-context.js';
import { withCacheHint } from './cache-hints.js';
import { paginate } from './pagination.js';
import { callInfo, McpInvoker, validateArguments, type McpServerBinding } from './mcp-invoker.js';

/** The list, read, get and complete handlers, shared by every server instance. */
@Injectable()
export class McpHandlers {
  constructor(
    private readonly registry: McpRegistry,
    private readonly invoker: McpInvoker,
    @Inject(MCP_RESOLVED_OPTIONS) private readonly options: McpResolvedOptions,
  ) {}

  async listTools(binding: McpServerBinding, request: PaginatedRequest, sdk: ServerContext) {
    const { page, nextCursor } = await this.page(this.registry.listTools(), binding, request, sdk);
    return { tools: page.map((tool) => tool.descriptor), ...(nextCursor ? { nextCursor } : {}) };
  }

  async listResources(binding: McpServerBinding, request: PaginatedRequest, sdk: ServerContext) {
    const { page, nextCursor } = await this.page(this.registry.listResources(), binding, request, sdk);
    return { resources: page.map((resource) => resource.descriptor) as never[], ...(nextCursor ? { nextCursor } : {}) };
  }

  async listResourceTemplates(binding: McpServerBinding, request: PaginatedRequest, sdk: ServerContext) {
    const { page, nextCursor } = await this.page(this.registry.listResourceTemplates(), binding, request, sdk);
    return { resourceTemplates: page.map((template) => template.descriptor) as never[], ...(nextCursor ? { nextCursor } : {}) };
  }

  async readResource(binding: McpServerBinding, request: ReadResourceRequest, sdk: ServerContext): Promise<ReadResourceResult | InputRequiredResult> {
    const { uri } = request.params;
    const found = this.registry.findResource(uri);
    if (!found) throw McpError.resourceNotFound(uri);
    const { resource, variables } = found;
    const outcome = await this.invoker.run(resource, binding, sdk, variables, callInfo('resources/read', resource));
    if ('inputRequired' in outcome) return outcome.inputRequired;
    if ('error' in outcome) throw this.invoker.errors.toProtocolError(outcome.error, `resource "${uri}"`);
    const result = toReadResourceResult(outcome.value, uri, resource.mimeType);
    return eraOf(binding.server.getNegotiatedProtocolVersion()) === 'modern' ? withCacheHint(result, resource.cache) : result;
  }

  async listPrompts(binding: McpServerBinding, request: PaginatedRequest, sdk: ServerContext) {
    const { page, nextCursor } = await this.page(this.registry.listPrompts(), binding, request, sdk);
    return { prompts: page.map((prompt) => prompt.descriptor), ...(nextCursor ? { nextCursor } : {}) };
  }

  async getPrompt(binding: McpServerBinding, request: GetPromptRequest, sdk: ServerContext): Promise<GetPromptResult | InputRequiredResult> {
    const { name, arguments: rawArgs } = request.params;
    const prompt = this.registry.getPrompt(name);
    if (!prompt) throw McpError.invalidParams(`Unknown prompt: ${name}`);
    const args = await validateArguments(prompt, rawArgs);
    if (!args.ok) throw McpError.invalidParams(`Invalid arguments for prompt "${name}":\n${formatIssues(args.issues)}`);
    const outcome = await this.invoker.run(prompt, binding, sdk, args.value, callInfo('prompts/get', prompt));
    if ('inputRequired' in outcome) return outcome.inputRequired;
    if ('error' in outcome) throw this.invoker.errors.toProtocolError(outcome.error, `prompt "${name}"`);
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
      return toCompleteResult(await completer.pipeline.invoke(this.invoker.pipelineArgs(binding, sdk, completionRequest, callInfo('completion/complete', completer))));
    } catch (error) {
      throw this.invoker.errors.toProtocolError(error, `completion of ${completer.name}`);
    }
  }

  /** The visible components (guards run per caller), in registration order, one page at a time. */
  private async page<T extends McpComponent>(components: T[], binding: McpServerBinding, request: PaginatedRequest, sdk: ServerContext) {
    return paginate(await this.invoker.visible(components, binding, sdk), request.params?.cursor, this.options.pageSize);
  }
}
