import {
  isInputRequiredResult,
  ProtocolError,
  type CallToolResult,
  type InputRequiredResult,
  type ServerContext,
} from '@modelcontextprotocol/server';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { MCP_OPTIONS, type McpResolvedOptions } from '../../options/mcp-options.js';
import { MCP_TRACING, NO_TRACING, type McpTracing } from '../../pipeline/mcp-tracing.js';
import type { ToolComponent } from '../../registry/component.types.js';
import { McpTaskManager, type TaskOutcome, type TaskRun } from '../../tasks/mcp-task-manager.js';
import { callInfo } from '../invocation/call-info.js';
import { McpInvoker, type CallOutcome } from '../invocation/mcp-invoker.js';
import type { McpServerBinding } from '../server-binding.js';
import { ToolAnswers } from './tool-answers.js';
import { taskDeadlineOf } from './tool-task-deadline.js';

/** Task-augmented `tools/call`: the tool runs in the background and the client gets the task's handle. */
@Injectable()
export class ToolTasks {
  constructor(
    private readonly invoker: McpInvoker,
    private readonly answers: ToolAnswers,
    private readonly tasks: McpTaskManager,
    /** For `timeouts.taskMs`, the default limit of task runs. */
    @Inject(MCP_OPTIONS) private readonly options: McpResolvedOptions,
    @Optional() @Inject(MCP_TRACING) private readonly tracing: McpTracing = NO_TRACING,
  ) {}

  /**
   * Starts the task at once (`taskStart: 'call'`), or runs the handler on this request until it calls
   * `ctx.startTask()` (`'manual'`, so it can first ask for input synchronously) and answers directly if it never does.
   */
  async start(
    tool: ToolComponent,
    binding: McpServerBinding,
    sdk: ServerContext,
    args: unknown,
    ttlMs: number | undefined,
  ): Promise<CallToolResult | InputRequiredResult> {
    const info = callInfo('tools/call', tool);
    // Each run of the task gets a span of its own, linked to this request's.
    const run: TaskRun = this.tracing.taskRun(tool.name, async (answers, signal) =>
      this.taskOutcome(tool, binding, await this.invoker.invoke(tool, binding, sdk, args, info, { answers, signal, startTask: () => undefined })),
    );
    const options = { toolName: tool.name, owner: binding.era.taskOwner(sdk), ttlMs };
    const deadline = taskDeadlineOf(tool, this.options.middleware.timeouts);

    if (tool.taskStart === 'call') return binding.era.taskHandle(await this.tasks.start(options, deadline.bound(run)));

    const controller = new AbortController();
    let detached = false;
    sdk.mcpReq.signal.addEventListener('abort', () => !detached && controller.abort(sdk.mcpReq.signal.reason), { once: true });
    let detach!: () => void;
    const detachedNow = new Promise<'detached'>((resolve) => (detach = () => resolve('detached')));
    const running = this.invoker.invoke(tool, binding, sdk, args, info, { signal: controller.signal, startTask: () => detach() });
    const first = await Promise.race([running, detachedNow]);
    if (first !== 'detached') return this.answers.answer(tool, binding, first);
    detached = true;
    const adopted = running.then((outcome) => this.taskOutcome(tool, binding, outcome));
    const limited = deadline.cut(adopted, (reason) => controller.abort(reason));
    return binding.era.taskHandle(await this.tasks.start(options, deadline.bound(run), limited, controller));
  }

  /** A run's outcome as the task records it: the tool's answer, its open questions, or the protocol error it threw. */
  private async taskOutcome(tool: ToolComponent, binding: McpServerBinding, outcome: CallOutcome): Promise<TaskOutcome> {
    try {
      const answer = await this.answers.answer(tool, binding, outcome);
      return isInputRequiredResult(answer) ? { inputRequests: answer.inputRequests ?? {} } : { result: answer };
    } catch (error) {
      if (!(error instanceof ProtocolError)) throw error;
      const { code, message, data } = error;
      return { error: { code, message, ...(data !== undefined ? { data } : {}) } };
    }
  }
}
