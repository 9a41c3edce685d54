import {
  MissingRequiredClientCapabilityError,
  ProtocolError,
  type CallToolRequest,
  type CallToolResult,
  type InputRequiredResult,
  type ServerContext,
} from '@modelcontextprotocol/server';
import { Injectable } from '@nestjs/common';
import { eraOf } from '../context/mcp-request-context.js';
import { McpError } from '../errors/mcp-error.js';
import type { ToolComponent } from '../registry/component.types.js';
import { McpRegistry } from '../registry/mcp-registry.js';
import { toCallToolResult } from '../results/tool-result.mapper.js';
import { formatIssues } from '../schema/schema-adapter.js';
import { McpTaskManager, type TaskOutcome, type TaskRun } from '../tasks/mcp-task-manager.js';
import { clientDeclaresTasks, legacyTaskShape, modernTaskShape, taskOwner, TASKS_EXTENSION } from '../tasks/task-wire.js';
import { callInfo, McpInvoker, validateArguments, type McpServerBinding, type Outcome } from './mcp-invoker.js';

type TaskRequestParams = CallToolRequest['params'] & { task?: { ttl?: number } };

/** `tools/call`: validation, the pipeline, result mapping, and task-augmented execution on both eras. */
@Injectable()
export class McpToolCalls {
  constructor(
    private readonly registry: McpRegistry,
    private readonly invoker: McpInvoker,
    private readonly tasks: McpTaskManager,
  ) {}

  async call(binding: McpServerBinding, request: CallToolRequest, sdk: ServerContext): Promise<CallToolResult | InputRequiredResult> {
    const params = request.params as TaskRequestParams;
    const tool = this.registry.getTool(params.name);
    if (!tool) throw McpError.invalidParams(`Unknown tool: ${params.name}`);
    const args = await validateArguments(tool, params.arguments);
    if (!args.ok) return invalidArgumentsResult(tool.name, formatIssues(args.issues));
    const modern = eraOf(binding.server.getNegotiatedProtocolVersion()) === 'modern';
    if (!this.runsAsTask(tool, modern, params, sdk)) {
      return this.toResponse(tool, binding, await this.invoker.run(tool, binding, sdk, args.value, callInfo('tools/call', tool)));
    }
    return this.startTask(tool, binding, sdk, args.value, modern, params.task?.ttl);
  }

  /** Whether this call becomes a task; refuses calls that contradict the tool's task support. */
  private runsAsTask(tool: ToolComponent, modern: boolean, params: TaskRequestParams, sdk: ServerContext): boolean {
    if (modern) {
      const declares = clientDeclaresTasks(sdk);
      if (tool.taskSupport === 'required' && !declares) {
        throw new MissingRequiredClientCapabilityError(
          { requiredCapabilities: { extensions: { [TASKS_EXTENSION]: {} } } } as never,
          `Tool "${tool.name}" runs only as a task: declare the ${TASKS_EXTENSION} extension`,
        );
      }
      return declares && tool.taskSupport !== 'forbidden';
    }
    if (params.task && tool.taskSupport === 'forbidden') throw McpError.methodNotFound(`Tool "${tool.name}" does not support task execution`);
    if (!params.task && tool.taskSupport === 'required') throw McpError.methodNotFound(`Tool "${tool.name}" must be called as a task`);
    return params.task !== undefined;
  }

  private async startTask(tool: ToolComponent, binding: McpServerBinding, sdk: ServerContext, args: unknown, modern: boolean, ttlMs?: number) {
    const info = callInfo('tools/call', tool);
    const run: TaskRun = async (input, signal) =>
      this.taskOutcome(tool, binding, await this.invoker.run(tool, binding, sdk, args, info, { input, signal, startTask: () => undefined }));
    const options = { toolName: tool.name, owner: taskOwner(sdk, modern), ttlMs, replaysInput: modern };

    if (tool.taskStart === 'call') return taskHandle(await this.tasks.start(options, run), modern);

    // Manual start: the handler runs on this request (it may ask for input synchronously) until ctx.startTask().
    const controller = new AbortController();
    let detached = false;
    sdk.mcpReq.signal.addEventListener('abort', () => !detached && controller.abort(sdk.mcpReq.signal.reason), { once: true });
    let detach!: () => void;
    const detachedNow = new Promise<'detached'>((resolve) => (detach = () => resolve('detached')));
    const running = this.invoker.run(tool, binding, sdk, args, info, { signal: controller.signal, startTask: () => detach() });
    const first = await Promise.race([running, detachedNow]);
    if (first !== 'detached') return this.toResponse(tool, binding, first);
    detached = true;
    const record = await this.tasks.start(options, run, running.then((outcome) => this.taskOutcome(tool, binding, outcome)), controller);
    return taskHandle(record, modern);
  }

  private async taskOutcome(tool: ToolComponent, binding: McpServerBinding, outcome: Outcome): Promise<TaskOutcome> {
    if ('inputRequired' in outcome) return { inputRequests: outcome.inputRequired.inputRequests ?? {} };
    if ('error' in outcome) {
      if (outcome.error instanceof ProtocolError) {
        const { code, message, data } = outcome.error;
        return { error: { code, message, ...(data !== undefined ? { data } : {}) } };
      }
      return { result: this.invoker.errors.toToolResult(outcome.error, tool.name) };
    }
    return { result: await this.toolResult(tool, binding, outcome.value) };
  }

  private async toResponse(tool: ToolComponent, binding: McpServerBinding, outcome: Outcome): Promise<CallToolResult | InputRequiredResult> {
    if ('inputRequired' in outcome) return outcome.inputRequired;
    if ('error' in outcome) return this.invoker.errors.toToolResult(outcome.error, tool.name);
    return this.toolResult(tool, binding, outcome.value);
  }

  private async toolResult(tool: ToolComponent, binding: McpServerBinding, value: unknown): Promise<CallToolResult> {
    const result = toCallToolResult(value, tool.output !== undefined);
    if (tool.output && !result.isError && result.structuredContent !== undefined) {
      const checked = await tool.output.validate(result.structuredContent);
      if (!checked.ok) {
        const mismatch = new Error(`Tool "${tool.name}" returned output that does not match its output schema:\n${formatIssues(checked.issues)}`);
        return this.invoker.errors.toToolResult(mismatch, tool.name);
      }
    }
    return binding.server.projectCallToolResult(result, tool.output?.jsonSchema);
  }
}

/**
 * The task handle a task-augmented `tools/call` answers with. The 2025 one carries an explicit empty `content`: the
 * SDK validates every `tools/call` result as a `CallToolResult` and refuses to default it in.
 */
function taskHandle(record: Parameters<typeof modernTaskShape>[0], modern: boolean): CallToolResult {
  return (modern ? modernTaskShape(record) : { task: legacyTaskShape(record), content: [] }) as unknown as CallToolResult;
}

function invalidArgumentsResult(name: string, details: string): CallToolResult {
  return { content: [{ type: 'text', text: `Invalid arguments for tool "${name}":\n${details}` }], isError: true };
}
