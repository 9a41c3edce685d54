import type { CallToolRequest, CallToolResult, InputRequiredResult, ServerContext } from '@modelcontextprotocol/server';
import { Injectable } from '@nestjs/common';
import { McpError } from '../../errors/mcp-error.js';
import { VERSION_META_KEY } from '../../protocol/component-versions.js';
import { McpRegistry } from '../../registry/mcp-registry.js';
import { formatIssues } from '../../schema/schema-adapter.js';
import type { TaskRequestParams } from '../eras/server-era.js';
import { callerOf, callInfo, validateArguments } from '../invocation/call-info.js';
import { McpInvoker } from '../invocation/mcp-invoker.js';
import { ComponentVisibility } from '../component-visibility.js';
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
    private readonly visibility: ComponentVisibility,
  ) {}

  async call(binding: McpServerBinding, request: CallToolRequest, sdk: ServerContext): Promise<CallToolResult | InputRequiredResult> {
    const params = request.params as TaskRequestParams;
    if (this.bridge.has(params.name)) {
      if (!this.visibility.allowsTool(binding, params.name)) throw unknownTool(params.name);
      return this.bridge.call(params.name, binding, params.arguments, sdk);
    }
    const tool = this.toolOf(params, binding);
    const args = await validateArguments(tool, params.arguments, callerOf(sdk));
    if (!args.ok) return this.answers.invalidArguments(tool, formatIssues(args.issues));
    if (binding.era.runsAsTask(tool, params, sdk)) return this.tasks.start(tool, binding, sdk, args.value, params.task?.ttl);
    const outcome = await this.invoker.invoke(tool, binding, sdk, args.value, callInfo('tools/call', tool));
    return this.answers.answer(tool, binding, outcome);
  }

  /**
   * The tool called: the version `_meta` asks for, else the tool of that name (the highest version). One this session
   * does not see is unknown, and so are its versions.
   */
  private toolOf(params: TaskRequestParams, binding: McpServerBinding) {
    const asked = (params._meta as Record<string, unknown> | undefined)?.[VERSION_META_KEY];
    if (asked !== undefined && typeof asked !== 'string') throw McpError.invalidParams(`_meta["${VERSION_META_KEY}"] must be a string`);
    const tool = this.registry.getTool(params.name, asked);
    if (tool && this.visibility.allows(binding, tool)) return tool;
    const latest = asked === undefined ? undefined : this.registry.getTool(params.name);
    if (tool || !latest || !this.visibility.allows(binding, latest)) throw unknownTool(params.name);
    const versions = this.registry.toolVersionsOf(params.name);
    throw McpError.invalidParams(`Unknown version ${JSON.stringify(asked).slice(0, 80)} of tool "${params.name}"; it has ${versions.length ? versions.join(', ') : 'no versions'}`);
  }
}

/** The same answer for a tool that does not exist and one hidden from this session. */
function unknownTool(name: string): McpError {
  return McpError.invalidParams(`Unknown tool: ${name}`);
}
