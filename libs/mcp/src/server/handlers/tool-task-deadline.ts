import { McpTimeoutError } from '../../errors/timeout.error.js';
import type { McpTimeoutOptions } from '../../interfaces/timeout-options.interface.js';
import { CallFailures } from '../../protocol/error-catalogue.js';
import type { ToolComponent } from '../../registry/component.types.js';
import type { TaskOutcome, TaskRun } from '../../tasks/mcp-task-manager.js';

/**
 * The time limit of a task's runs, counted from the task's creation to its result (rounds waiting for input
 * included): a run still going at the deadline is aborted (its `ctx.signal`, with an `McpTimeoutError`) and the task
 * fails with a `-32603` error naming the limit. `@McpTimeout({ taskMs })` of the tool, else `timeouts.taskMs`.
 */
export interface TaskDeadline {
  /** `run`, each run of which ends at the deadline at the latest. */
  bound(run: TaskRun): TaskRun;
  /** A run already under way (adopted by the task), ended at the deadline at the latest by `abort`. */
  cut(running: Promise<TaskOutcome>, abort: (reason: McpTimeoutError) => void): Promise<TaskOutcome>;
}

const NO_DEADLINE: TaskDeadline = { bound: (run) => run, cut: (running) => running };

export function taskDeadlineOf(tool: ToolComponent, timeouts: McpTimeoutOptions | undefined): TaskDeadline {
  const limitMs = tool.taskTimeoutMs ?? timeouts?.taskMs ?? 0;
  return limitMs > 0 ? new LimitedTask(tool.name, limitMs) : NO_DEADLINE;
}

class LimitedTask implements TaskDeadline {
  private deadline: number | undefined;

  constructor(
    private readonly toolName: string,
    private readonly limitMs: number,
  ) {}

  bound(run: TaskRun): TaskRun {
    return (answers, signal) => {
      const controller = new AbortController();
      return this.cut(run(answers, AbortSignal.any([signal, controller.signal])), (reason) => controller.abort(reason));
    };
  }

  cut(running: Promise<TaskOutcome>, abort: (reason: McpTimeoutError) => void): Promise<TaskOutcome> {
    const deadline = (this.deadline ??= Date.now() + this.limitMs);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        const failure = CallFailures.taskTimedOut(this.toolName, this.limitMs);
        abort(new McpTimeoutError(failure.message, this.limitMs));
        resolve({ error: { ...failure, data: { timeoutMs: this.limitMs } } });
      }, Math.max(0, deadline - Date.now()));
      running.then(
        (outcome) => {
          clearTimeout(timer);
          resolve(outcome);
        },
        (error: unknown) => {
          clearTimeout(timer);
          reject(error);
        },
      );
    });
  }
}
