import type { GetPromptRequest, GetPromptResult, InputRequiredResult, ServerContext } from '@modelcontextprotocol/server';
import { Injectable } from '@nestjs/common';
import { McpErrorMapper } from '../../errors/error-mapper.js';
import { McpError } from '../../errors/mcp-error.js';
import type { PromptComponent } from '../../registry/component.types.js';
import { McpRegistry } from '../../registry/mcp-registry.js';
import { toGetPromptResult } from '../../results/prompt-result.mapper.js';
import { formatIssues } from '../../schema/schema-adapter.js';
import { callInfo, validateArguments } from '../invocation/call-info.js';
import { McpInvoker, type CallOutcome } from '../invocation/mcp-invoker.js';
import { ComponentVisibility } from '../component-visibility.js';
import type { McpServerBinding } from '../server-binding.js';

/** `prompts/get`: argument validation, the prompt's pipeline, its answer. */
@Injectable()
export class PromptGets {
  constructor(
    private readonly registry: McpRegistry,
    private readonly invoker: McpInvoker,
    private readonly errors: McpErrorMapper,
    private readonly visibility: ComponentVisibility,
  ) {}

  async get(binding: McpServerBinding, request: GetPromptRequest, sdk: ServerContext): Promise<GetPromptResult | InputRequiredResult> {
    const { name, arguments: rawArgs } = request.params;
    const prompt = this.registry.getPrompt(name);
    if (!prompt || !this.visibility.allows(binding, prompt)) throw McpError.invalidParams(`Unknown prompt: ${name}`);
    const args = await validateArguments(prompt, rawArgs);
    if (!args.ok) throw McpError.invalidParams(`Invalid arguments for prompt "${name}":\n${formatIssues(args.issues)}`);
    return this.answer(prompt, await this.invoker.invoke(prompt, binding, sdk, args.value, callInfo('prompts/get', prompt)));
  }

  /** Prompts have no error results: a failure is a JSON-RPC error; a value becomes the messages. */
  private answer(prompt: PromptComponent, outcome: CallOutcome): GetPromptResult | InputRequiredResult {
    if ('inputRequired' in outcome) return outcome.inputRequired;
    if ('error' in outcome) throw this.errors.toProtocolError(outcome.error, `prompt "${prompt.name}"`, 'prompt');
    return toGetPromptResult(outcome.value, prompt.descriptor.description);
  }
}
