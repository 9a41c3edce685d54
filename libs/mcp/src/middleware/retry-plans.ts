import { assertRetryOptions, retryMarkOf, retryMarkOnMethod } from '../decorators/retry.decorator.js';
import type { TransientError } from '../errors/transient.error.js';
import type { McpRetryOptions } from '../interfaces/retry-options.interface.js';
import type { McpMessage } from '../pipeline/mcp-message.js';
import type { ToolComponent } from '../registry/component.types.js';
import { componentOfCall } from '../server/messages/message-targets.js';

/** How one tool is retried: every field settled. */
export type RetryPlan = Readonly<Required<McpRetryOptions>>;

const RETRY_DEFAULTS: RetryPlan = { attempts: 3, backoffMs: 100, factor: 2, maxBackoffMs: 5_000 };

/**
 * Which tool calls are retried, and how: tools declared idempotent, with `@Retry()` on the method or its class or
 * `McpModule.forRoot({ retry })`. Worked out once per tool (the decorators are read then); a message costs two
 * WeakMap lookups (the message chain found the tool).
 */
export class RetryPlans {
  private readonly plans = new WeakMap<ToolComponent, RetryPlan | null>();

  constructor(private readonly defaults: McpRetryOptions | undefined) {
    if (defaults !== undefined) assertRetryOptions(defaults, 'McpModule retry');
  }

  /** The plan of the message's call; undefined when it is not a retried tool. */
  of(message: McpMessage): RetryPlan | undefined {
    const tool = message.call && componentOfCall(message.call);
    if (tool?.kind !== 'tool') return undefined;
    let plan = this.plans.get(tool);
    if (plan === undefined) {
      plan = this.planOf(tool);
      this.plans.set(tool, plan);
    }
    return plan ?? undefined;
  }

  /** `@Retry()` on the method of a tool not declared idempotent is a mistake: retrying could repeat its effects. */
  assertIdempotent(tools: readonly ToolComponent[]): void {
    for (const tool of tools) {
      if (!retryMarkOnMethod(tool.pipeline.handler) || isIdempotent(tool)) continue;
      throw new Error(
        `@Retry() on tool "${tool.name}" (${tool.source}), which is not declared idempotent: retrying it could repeat its effects. ` +
          'Declare annotations: { idempotentHint: true } on the tool, or remove @Retry().',
      );
    }
  }

  private planOf(tool: ToolComponent): RetryPlan | null {
    if (!isIdempotent(tool)) return null;
    const mark = retryMarkOf(tool.pipeline.handler, tool.pipeline.hostClass);
    if (!mark && !this.defaults) return null;
    const plan: RetryPlan = { ...RETRY_DEFAULTS, ...definedFields(this.defaults), ...definedFields(mark) };
    return plan.attempts > 1 ? plan : null;
  }
}

/** The wait before retry number `retry` (1 for the first): exponential, at least the error's `retryAfterMs`, bounded. */
export function backoffBefore(plan: RetryPlan, retry: number, failure: TransientError): number {
  const exponential = plan.backoffMs * plan.factor ** (retry - 1);
  return Math.min(plan.maxBackoffMs, Math.max(exponential, failure.retryAfterMs ?? 0));
}

function isIdempotent(tool: ToolComponent): boolean {
  return tool.descriptor.annotations?.idempotentHint === true;
}

function definedFields(options: McpRetryOptions | undefined): McpRetryOptions {
  if (!options) return {};
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as McpRetryOptions;
}
