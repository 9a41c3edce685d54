import { Inject, Injectable, Logger, type CallHandler, type ExecutionContext, type OnApplicationBootstrap } from '@nestjs/common';
import type { Observable } from 'rxjs';
import { MCP_OPTIONS, type McpResolvedOptions } from '../options/mcp-options.js';
import type { McpMessage, McpMiddleware } from '../pipeline/mcp-message.js';
import { McpRegistry } from '../registry/mcp-registry.js';
import { withRetries } from './retry-attempts.js';
import { RetryPlans } from './retry-plans.js';

/**
 * Runs a call of a tool declared idempotent again when its handler throws a `TransientError` (`@Retry()`,
 * `McpModule.forRoot({ retry })`). Innermost of the built-ins: each attempt runs the component's whole pipeline
 * (argument validation, guards, interceptors, handler), and a timeout around it bounds all attempts together.
 */
@Injectable()
export class McpRetryMiddleware implements McpMiddleware, OnApplicationBootstrap {
  private readonly logger = new Logger('McpRetry');
  private readonly plans: RetryPlans;

  constructor(
    private readonly registry: McpRegistry,
    @Inject(MCP_OPTIONS) options: McpResolvedOptions,
  ) {
    this.plans = new RetryPlans(options.middleware.retry);
  }

  onApplicationBootstrap(): void {
    this.plans.assertIdempotent(this.registry.listTools());
  }

  appliesTo(message: McpMessage): boolean {
    return this.plans.of(message) !== undefined;
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const message = context.getArgByIndex<McpMessage>(3);
    const plan = this.plans.of(message);
    if (!plan) return next.handle();
    return withRetries(() => next.handle(), plan, message.signal, (attempt, failure, waitMs) =>
      this.logger.debug(`Tool "${message.call!.name}" failed transiently (attempt ${attempt} of ${plan.attempts}): ${failure.message}; retrying in ${waitMs} ms`),
    );
  }
}
