import type { ServerEvent } from '@modelcontextprotocol/server';
import type { McpNotificationBus } from '../interfaces/notification-bus.interface.js';
import type { ResultCacheStore } from '../interfaces/result-cache.interface.js';

/**
 * A server's notification bus, on which `ctx.notifyResourceUpdated` and `McpRegistry.notifyResourceUpdated` publish.
 * A resource update first invalidates the cached reads of the resource: at the source, before the event goes out, so
 * a client that hears of the update (or got the answer of the call that made it) reads fresh content on every
 * instance sharing the cache. An update a mounted module announces under its own URI goes out under every URI the
 * server serves that resource under as well, so its subscribers hear of it in the form they subscribed to.
 */
export class ServerNotificationBus implements McpNotificationBus {
  /** Set at bootstrap when some resource is cached; until then an update costs nothing more. */
  invalidating = false;
  /** Set at bootstrap when the server mounts modules with resources: the URIs it serves one of their own URIs under. */
  mountedForms: ((uri: string) => readonly string[]) | undefined;

  constructor(
    private readonly bus: McpNotificationBus,
    private readonly cache: ResultCacheStore,
  ) {}

  publish(event: ServerEvent): void {
    if (event.kind !== 'resource_updated') return this.bus.publish(event);
    this.announce(event);
    if (this.mountedForms) for (const uri of this.mountedForms(event.uri)) this.announce({ ...event, uri });
  }

  subscribe(listener: (event: ServerEvent) => void): () => void {
    return this.bus.subscribe(listener);
  }

  private announce(event: ServerEvent & { kind: 'resource_updated' }): void {
    // Best effort: an invalidation lost while the cache is unreachable leaves the old entries until their TTL.
    if (this.invalidating) this.cache.invalidate(event.uri).catch(() => undefined);
    this.bus.publish(event);
  }
}
