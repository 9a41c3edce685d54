import { Inject, Injectable, type CallHandler, type ExecutionContext } from '@nestjs/common';
import { Observable } from 'rxjs';
import { McpError } from '../errors/mcp-error.js';
import { McpTimeoutError } from '../errors/timeout.error.js';
import { toolErrorResult } from '../errors/tool-error-result.js';
import { MCP_OPTIONS, type McpResolvedOptions } from '../options/mcp-options.js';
import type { McpMessage, McpMiddleware } from '../pipeline/mcp-message.js';
import { describeCall, TimeoutLimits } from './timeout-limits.js';

/**
 * Time limits of component calls (`timeoutMs` options, `@McpTimeout()`, `McpModule.forRoot({ timeouts })`). On
 * expiry the handler's `ctx.signal` aborts with an `McpTimeoutError` and the client is answered at once: a tool with
 * an `isError` result, anything else with a `-32603` error naming the limit. A call that ends in time is untouched
 * and its timer cleared. Task runs are limited by the task manager's side (`timeouts.taskMs`), not here: a
 * task-augmented call answers with its task at once.
 */
@Injectable()
export class McpTimeoutMiddleware implements McpMiddleware {
  private readonly limits: TimeoutLimits;

  constructor(@Inject(MCP_OPTIONS) options: McpResolvedOptions) {
    this.limits = new TimeoutLimits(options.middleware.timeouts);
  }

  appliesTo(message: McpMessage): boolean {
    return message.call !== undefined && this.limits.of(message) > 0;
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const message = context.getArgByIndex<McpMessage>(3);
    const limitMs = this.limits.of(message);
    if (!limitMs) return next.handle();
    return new Observable((subscriber) => {
      const timer = setTimeout(() => {
        running.unsubscribe();
        const call = message.call!;
        const reason = new McpTimeoutError(`${describeCall(call, message.params)} timed out after ${limitMs} ms`, limitMs);
        message.abort(reason);
        if (call.kind !== 'tool') return subscriber.error(McpError.timedOut(describeCall(call, message.params), limitMs));
        subscriber.next(toolErrorResult(reason.message));
        subscriber.complete();
      }, limitMs);
      const running = next.handle().subscribe({
        next: (value) => subscriber.next(value),
        error: (error: unknown) => {
          clearTimeout(timer);
          subscriber.error(error);
        },
        complete: () => {
          clearTimeout(timer);
          subscriber.complete();
        },
      });
      return () => {
        clearTimeout(timer);
        running.unsubscribe();
      };
    });
  }
}
