import type { CompleteRequest, CompleteResult, ServerContext } from '@modelcontextprotocol/server';
import { Injectable } from '@nestjs/common';
import { McpErrorMapper } from '../../errors/error-mapper.js';
import { McpError } from '../../errors/mcp-error.js';
import type { CompletionComponent } from '../../registry/component.types.js';
import { McpRegistry } from '../../registry/mcp-registry.js';
import { enumCompletion, toCompleteResult } from '../../results/completion-result.mapper.js';
import { callInfo } from '../invocation/call-info.js';
import { McpInvoker, type CallOutcome } from '../invocation/mcp-invoker.js';
import { ComponentVisibility } from '../component-visibility.js';
import type { McpServerBinding } from '../server-binding.js';

/** `completion/complete`: the `@Complete()` method of the argument, else the argument's enum values. */
@Injectable()
export class Completions {
  constructor(
    private readonly registry: McpRegistry,
    private readonly invoker: McpInvoker,
    private readonly errors: McpErrorMapper,
    private readonly visibility: ComponentVisibility,
  ) {}

  async complete(binding: McpServerBinding, request: CompleteRequest, sdk: ServerContext): Promise<CompleteResult> {
    const { ref, argument, context } = request.params;
    const target = ref.type === 'ref/prompt' ? 'prompt' : 'resource';
    const refName = ref.type === 'ref/prompt' ? ref.name : ref.uri;
    const prompt = target === 'prompt' ? this.registry.getPrompt(refName) : undefined;
    if (target === 'prompt' && !(prompt && this.visibility.allows(binding, prompt))) throw McpError.invalidParams(`Unknown prompt: ${refName}`);
    const template = target === 'resource' ? this.registry.getTemplate(refName) : undefined;
    if (target === 'resource' && !(template && this.visibility.allows(binding, template))) throw McpError.invalidParams(`Unknown resource template: ${refName}`);
    const completer = this.registry.getCompletion(target, refName, argument.name);
    if (!completer) return toCompleteResult(enumCompletion(prompt?.input?.jsonSchema, argument.name, argument.value));
    const completionRequest = { argument: argument.name, value: argument.value, context: context?.arguments ?? {} };
    return this.answer(completer, await this.invoker.invoke(completer, binding, sdk, completionRequest, callInfo('completion/complete', completer)));
  }

  /** Completions have no error results, and no input rounds (asking the client fails inside the handler). */
  private answer(completer: CompletionComponent, outcome: CallOutcome): CompleteResult {
    if ('value' in outcome) return toCompleteResult(outcome.value);
    const error = 'error' in outcome ? outcome.error : new Error('completion handlers cannot ask the client for input');
    throw this.errors.toProtocolError(error, `completion of ${completer.name}`, 'completion');
  }
}
