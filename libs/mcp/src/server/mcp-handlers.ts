import type {
  CompleteRequest,
  CompleteResult,
  GetPromptRequest,
  GetPromptResult,
  InputRequiredResult,
  ReadResourceRequest,
  ReadResourceResult,
  ServerContext,
} from '@modelcontextprotocol/server';
import { Injectable } from '@nestjs/common';
import { McpError } from '../errors/mcp-error.js';
import { McpRegistry } from '../registry/mcp-registry.js';
import { toGetPromptResult } from '../results/prompt-result.mapper.js';
import { toReadResourceResult } from '../results/resource-result.mapper.js';
import { formatIssues } from '../schema/schema-adapter.js';
import { enumCompletion, toCompleteResult } from './completion-result.js';
import { callInfo, McpInvoker, validateArguments, type McpServerBinding } from './mcp-invoker.js';

/** The list, read, get and complete handlers, shared by every server instance. */
@Injectable()
export class McpHandlers {
  constructor(
    private readonly registry: McpRegistry,
    private readonly invoker: McpInvoker,
  ) {}

  async listTools(binding: McpServerBinding, sdk: ServerContext) {
    const tools = await this.invoker.visible(this.registry.listTools(), binding, sdk);
    return { tools: tools.map((tool) => tool.descriptor) };
  }

  async listResources(binding: McpServerBinding, sdk: ServerContext) {
    const resources = await this.invoker.visible(this.registry.listResources(), binding, sdk);
    return { resources: resources.map((resource) => resource.descriptor) as never[] };
  }

  async listResourceTemplates(binding: McpServerBinding, sdk: ServerContext) {
    const templates = await this.invoker.visible(this.registry.listResourceTemplates(), binding, sdk);
    return { resourceTemplates: templates.map((template) => template.descriptor) as never[] };
  }

  async readResource(binding: McpServerBinding, request: ReadResourceRequest, sdk: ServerContext): Promise<ReadResourceResult | InputRequiredResult> {
    const { uri } = request.params;
    const found = this.registry.findResource(uri);
    if (!found) throw McpError.resourceNotFound(uri);
    const { resource, variables } = found;
    const outcome = await this.invoker.run(resource, binding, sdk, variables, callInfo('resources/read', resource));
    if ('inputRequired' in outcome) return outcome.inputRequired;
    if ('error' in outcome) throw this.invoker.errors.toProtocolError(outcome.error, `resource "${uri}"`);
    return toReadResourceResult(outcome.value, uri, resource.mimeType);
  }

  async listPrompts(binding: McpServerBinding, sdk: ServerContext) {
    const prompts = await this.invoker.visible(this.registry.listPrompts(), binding, sdk);
    return { prompts: prompts.map((prompt) => prompt.descriptor) };
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
}

