import type { ServerEvent } from '@modelcontextprotocol/server';
import type { McpNotificationBus } from '../interfaces/notification-bus.interface.js';
import type { ResultCacheStore } from '../interfaces/result-cache.interface.js';

/**
 * The notification bus, which first invalidates the cached reads of a resource when its update is published
 * (`ctx.notifyResourceUpdated` and `McpRegistry.notifyResourceUpdated` both publish here). Invalidating at the
 * source, before the event goes out, means a client that hears of the update (or got the answer of the call that
 * made it) reads fresh content on every instance sharing the cache.
 */
export class ResultCacheInvalidatingBus implements McpNotificationBus {
  /** Set at bootstrap when some resource is cached; until then an update costs nothing more. */
  invalidating = false;

  constructor(
    private readonly bus: McpNotificationBus,
    private readonly cache: ResultCacheStore,
  ) {}

  publish(event: ServerEvent): void {
    // Best effort: an invalidation lost while the cache is unreachable leaves the old entries until their TTL.
    if (this.invalidating && event.kind === 'resource_updated') this.cache.invalidate(event.uri).catch(() => undefined);
    this.bus.publish(event);
  }

  subscribe(listener: (event: ServerEvent) => void): () => void {
    return this.bus.subscribe(listener);
  }
}
