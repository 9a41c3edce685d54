import { Inject, Injectable, Logger, type CallHandler, type ExecutionContext, type OnApplicationBootstrap } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { defer, from, of, switchMap, type Observable } from 'rxjs';
import type { McpContext } from '../interfaces/mcp-context.interface.js';
import type { ResultCacheLookup, ResultCacheStore } from '../interfaces/result-cache.interface.js';
import { MCP_OPTIONS, type McpResolvedOptions } from '../options/mcp-options.js';
import type { McpMessage, McpMiddleware } from '../pipeline/mcp-message.js';
import { McpRegistry } from '../registry/mcp-registry.js';
import { principalOf } from '../session/principal.js';
import { ServerNotificationBus } from '../stores/server-notification-bus.js';
import { resultCacheKey } from './result-cache-key.js';
import { readResultCachePolicies, type ResultCachePolicy } from './result-cache-policies.js';

const DEFAULT_MAX_ENTRY_BYTES = 256 * 1024;

/** Where one call's result is looked up and stored. */
interface CacheSlot {
  readonly key: string;
  /** The URI read, for resources: `notifyResourceUpdated(uri)` invalidates it. */
  readonly scope: string | undefined;
  readonly ttlMs: number;
}

/**
 * Answers the calls of `@CacheResult` tools, resources and prompts from the cache (memory, or the state layer's
 * store: Redis with `redisStore()`) and caches their successful results as JSON, each hit parsed afresh so that no
 * caller can change what the next one gets. A store that fails (Redis down) is bypassed: the call runs as usual.
 */
@Injectable()
export class McpResultCacheMiddleware implements McpMiddleware, OnApplicationBootstrap {
  private readonly logger = new Logger('McpResultCache');
  private readonly store: ResultCacheStore;
  private readonly maxEntryBytes: number;
  private policies = new Map<string, Map<string, ResultCachePolicy>>();
  /** Set while the store fails, so an outage is logged once, not on every call. */
  private failing = false;

  constructor(
    @Inject(MCP_OPTIONS) private readonly options: McpResolvedOptions,
    private readonly registry: McpRegistry,
    private readonly reflector: Reflector,
  ) {
    this.store = options.state.resultCache;
    this.maxEntryBytes = options.middleware.resultCache?.maxEntryBytes ?? DEFAULT_MAX_ENTRY_BYTES;
  }

  onApplicationBootstrap(): void {
    this.policies = readResultCachePolicies(this.registry.listCallable(), this.reflector);
    const bus = this.options.state.bus;
    if (bus instanceof ServerNotificationBus && this.policies.has('resources/read')) bus.invalidating = true;
  }

  appliesTo(message: McpMessage): boolean {
    return this.policies.size !== 0 && message.call !== undefined && this.policies.get(message.call.method)?.has(message.call.name) === true;
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const message = context.getArgByIndex<McpMessage>(3);
    const policy = message.call && this.policies.get(message.call.method)?.get(message.call.name);
    // The same name may now belong to another component (removed, then added at run time). A task-augmented
    // request gets its answer (or refusal) from the handler, never a plain result from the cache.
    if (!policy || policy.handler !== context.getHandler() || message.params.task !== undefined) return next.handle();
    const slot = this.slotOf(message, policy, context.getArgByIndex<Record<string, unknown>>(0), context.getArgByIndex<McpContext>(1));
    if (!slot) return next.handle();
    return from(this.lookup(slot)).pipe(
      switchMap((found) => {
        if (found?.json !== undefined) return of(JSON.parse(found.json) as unknown);
        return next.handle().pipe(switchMap((result) => defer(() => this.keep(slot, found, result))));
      }),
    );
  }

  private slotOf(message: McpMessage, policy: ResultCachePolicy, args: Record<string, unknown>, ctx: McpContext): CacheSlot | undefined {
    const uri = policy.resource ? (message.params.uri as string) : undefined;
    const key = resultCacheKey({
      era: message.era,
      method: message.method,
      name: uri ?? message.call!.name,
      principal: policy.shared ? '*' : (principalOf(ctx.auth) ?? 'anonymous'),
      // A resource's variables are in its URI.
      args: uri === undefined ? args : undefined,
    });
    return key === undefined ? undefined : { key, scope: uri, ttlMs: policy.ttlMs };
  }

  /** The cached entry, or undefined when the store failed (the call then runs and nothing is stored). */
  private async lookup(slot: CacheSlot): Promise<ResultCacheLookup | undefined> {
    try {
      const found = await this.store.get(slot.key, slot.scope);
      this.failing = false;
      return found;
    } catch (error) {
      this.storeFailed(error);
      return undefined;
    }
  }

  /** Stores a successful result (unless too large), then hands it on. */
  private async keep(slot: CacheSlot, lookup: ResultCacheLookup | undefined, result: unknown): Promise<unknown> {
    if (!lookup || !isReusable(result)) return result;
    let json: string;
    try {
      json = JSON.stringify(result);
    } catch {
      return result;
    }
    if (json.length > this.maxEntryBytes || Buffer.byteLength(json) > this.maxEntryBytes) return result;
    try {
      await this.store.set(slot.key, json, slot.ttlMs, slot.scope, lookup.generation);
    } catch (error) {
      this.storeFailed(error);
    }
    return result;
  }

  private storeFailed(error: unknown): void {
    if (this.failing) return;
    this.failing = true;
    this.logger.warn(`Result cache unavailable, calls run uncached: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** A complete, successful result: not an `isError` tool result, an input-required round or a task handle. */
function isReusable(result: unknown): boolean {
  if (typeof result !== 'object' || result === null || Array.isArray(result)) return false;
  const { isError, resultType, task } = result as { isError?: unknown; resultType?: unknown; task?: unknown };
  return isError !== true && (resultType === undefined || resultType === 'complete') && task === undefined;
}
