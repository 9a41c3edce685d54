import { Inject, Injectable, Logger, type CallHandler, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Observable } from 'rxjs';
import { MCP_RATE_LIMIT_METADATA, rateLimitsDeclared } from '../decorators/rate-limit.decorator.js';
import { McpError } from '../errors/mcp-error.js';
import type { McpRateLimit, RateLimitDecision, RateLimitStore } from '../interfaces/rate-limit.interface.js';
import { MCP_OPTIONS, type McpResolvedOptions } from '../options/mcp-options.js';
import type { McpMessage, McpMiddleware } from '../pipeline/mcp-message.js';
import { bucketKeyOf } from './rate-limit-keys.js';
import { componentRateLimits, coveredMethods, NO_COMPONENT_LIMITS, resolveRateLimit, type ComponentRateLimits, type ResolvedRateLimit } from './rate-limit-plan.js';

/** What a client that was refused because the store is down (failing closed) is told to wait. */
const STORE_DOWN_RETRY_MS = 1_000;

/**
 * Token bucket rate limits: the module-wide `rateLimit` on the requests it covers, and each component's `@RateLimit`
 * on its calls. A refused request gets a JSON-RPC error (`-32029`, `data: { retryAfterMs }`) before anything else
 * runs, on every method and era alike: it is the client application's cue to back off, not a tool outcome for the
 * model to read. The buckets live in the state layer's `rateLimits` store (memory, or Redis shared by all instances).
 */
@Injectable()
export class McpRateLimitMiddleware implements McpMiddleware {
  private readonly logger = new Logger('McpRateLimit');
  private readonly global: ResolvedRateLimit | undefined;
  private readonly globalMethods: ReadonlySet<string> | undefined;
  private readonly store: RateLimitStore;
  /** `@RateLimit` of each component handler, read once. */
  private readonly components = new WeakMap<object, ComponentRateLimits>();
  private storeDown = false;

  constructor(
    @Inject(MCP_OPTIONS) options: McpResolvedOptions,
    private readonly reflector: Reflector,
  ) {
    const limit = options.middleware.rateLimit;
    this.global = limit ? resolveRateLimit(limit, 'rateLimit') : undefined;
    this.globalMethods = limit ? coveredMethods(limit) : undefined;
    this.store = options.state.rateLimits;
  }

  appliesTo(message: McpMessage): boolean {
    if (message.type !== 'request') return false;
    return this.globalCovers(message.method) || (message.call !== undefined && rateLimitsDeclared());
  }

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const message = context.getArgByIndex<McpMessage>(3);
    const component = message.call ? this.componentLimits(context) : NO_COMPONENT_LIMITS;
    if (this.global && !component.exempt && this.globalCovers(message.method)) await this.take(this.global, 'all', context, message);
    if (component.own) await this.take(component.own, `${message.call!.kind}:${message.call!.name}`, context, message);
    return next.handle();
  }

  private globalCovers(method: string): boolean {
    return this.global !== undefined && (this.globalMethods === undefined || this.globalMethods.has(method));
  }

  private componentLimits(context: ExecutionContext): ComponentRateLimits {
    const handler = context.getHandler();
    let limits = this.components.get(handler);
    if (!limits) {
      const declared = this.reflector.getAllAndOverride<McpRateLimit | false | undefined>(MCP_RATE_LIMIT_METADATA, [handler, context.getClass()]);
      limits = componentRateLimits(declared, `@RateLimit of ${context.getClass().name}.${handler.name}`);
      this.components.set(handler, limits);
    }
    return limits;
  }

  /** Takes a token or throws the refusal; a store failure lets the request through or refuses it, as configured. */
  private async take(limit: ResolvedRateLimit, scope: string, context: ExecutionContext, message: McpMessage): Promise<void> {
    const key = bucketKeyOf(scope, limit.by, context, message);
    let decision: RateLimitDecision;
    try {
      decision = await this.store.take(key, limit.bucket);
    } catch (error) {
      this.reportStoreDown(error, limit.failOpen);
      if (limit.failOpen) return;
      throw McpError.rateLimited(STORE_DOWN_RETRY_MS, 'Rate limit unavailable (its store cannot be reached)');
    }
    if (this.storeDown) {
      this.storeDown = false;
      this.logger.log('Rate limit store reachable again');
    }
    if (!decision.allowed) throw McpError.rateLimited(decision.retryAfterMs);
  }

  /** Once per outage, not once per request. */
  private reportStoreDown(error: unknown, failOpen: boolean): void {
    if (this.storeDown) return;
    this.storeDown = true;
    const outcome = failOpen ? 'requests go through unlimited' : 'requests are refused';
    this.logger.warn(`Rate limit store unreachable, ${outcome} until it is back: ${(error as Error)?.message ?? String(error)}`);
  }
}
