import type { CallToolRequest, CallToolResult, InputRequiredResult, ServerContext } from '@modelcontextprotocol/server';
import { Injectable } from '@nestjs/common';
import { McpError } from '../../errors/mcp-error.js';
import { McpRegistry } from '../../registry/mcp-registry.js';
import { formatIssues } from '../../schema/schema-adapter.js';
import type { TaskRequestParams } from '../eras/server-era.js';
import { callInfo, validateArguments } from '../invocation/call-info.js';
import { McpInvoker } from '../invocation/mcp-invoker.js';
import type { McpServerBinding } from '../server-binding.js';
import { BridgeTools } from './bridge-tools.js';
import { ToolAnswers } from './tool-answers.js';
import { ToolTasks } from './tool-tasks.js';

/** `tools/call`: argument validation, the pipeline and its answer, or a task when the era says the call is one. */
@Injectable()
export class ToolCalls {
  constructor(
    private readonly registry: McpRegistry,
    private readonly invoker: McpInvoker,
    private readonly answers: ToolAnswers,
    private readonly tasks: ToolTasks,
    private readonly bridge: BridgeTools,
  ) {}

  async call(binding: McpServerBinding, request: CallToolRequest, sdk: ServerContext): Promise<CallToolResult | InputRequiredResult> {
    const params = request.params as TaskRequestParams;
    if (this.bridge.has(params.name)) return this.bridge.call(params.name, binding, params.arguments, sdk);
    const tool = this.registry.getTool(params.name);
    if (!tool) throw McpError.invalidParams(`Unknown tool: ${params.name}`);
    const args = await validateArguments(tool, params.arguments);
    if (!args.ok) return this.answers.invalidArguments(tool, formatIssues(args.issues));
    if (binding.era.runsAsTask(tool, params, sdk)) return this.tasks.start(tool, binding, sdk, args.value, params.task?.ttl);
    const outcome = await this.invoker.invoke(tool, binding, sdk, args.value, callInfo('tools/call', tool));
    return this.answers.answer(tool, binding, outcome);
  }
}
