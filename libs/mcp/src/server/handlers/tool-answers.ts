import type { CallToolResult, InputRequiredResult } from '@modelcontextprotocol/server';
import { Injectable } from '@nestjs/common';
import { McpErrorMapper } from '../../errors/error-mapper.js';
import { toolErrorResult } from '../../errors/tool-error-result.js';
import type { ToolComponent } from '../../registry/component.types.js';
import { toCallToolResult } from '../../results/tool-result.mapper.js';
import { formatIssues } from '../../schema/schema-adapter.js';
import type { CallOutcome } from '../invocation/mcp-invoker.js';
import type { McpServerBinding } from '../server-binding.js';

/**
 * How a tool call's outcome becomes its `tools/call` answer, for direct calls and task runs alike: values are
 * mapped (and checked against the output schema), errors become `isError` results (protocol errors are thrown),
 * open questions end the call with an input-required result.
 */
@Injectable()
export class ToolAnswers {
  constructor(private readonly errors: McpErrorMapper) {}

  async answer(tool: ToolComponent, binding: McpServerBinding, outcome: CallOutcome): Promise<CallToolResult | InputRequiredResult> {
    if ('inputRequired' in outcome) return outcome.inputRequired;
    if ('error' in outcome) return this.errors.toToolResult(outcome.error, tool.name);
    return this.fromValue(tool, binding, outcome.value);
  }

  /** Arguments that fail the input schema: a result the model can read and correct, not a protocol error. */
  invalidArguments(tool: ToolComponent, details: string): CallToolResult {
    return toolErrorResult(`Invalid arguments for tool "${tool.name}":\n${details}`);
  }

  private async fromValue(tool: ToolComponent, binding: McpServerBinding, value: unknown): Promise<CallToolResult> {
    const result = toCallToolResult(value, { structured: tool.output !== undefined });
    if (tool.output && !result.isError && result.structuredContent !== undefined) {
      const checked = await tool.output.validate(result.structuredContent);
      if (!checked.ok) return this.errors.toolOutputMismatch(tool.name, formatIssues(checked.issues));
    }
    return binding.server.projectCallToolResult(result, tool.output?.jsonSchema);
  }
}
