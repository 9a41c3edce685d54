import type { ServerEvent } from '@modelcontextprotocol/server';
import type { McpNotificationBus } from '../interfaces/notification-bus.interface.js';
import type { McpRelay, RelayEvent } from '../interfaces/relay.interface.js';
import type { RedisInbox } from './redis-inbox.js';

/** list_changed and resource-updated events through the processes' inboxes: sent once, delivered on every instance. */
export class RedisNotificationBus implements McpNotificationBus {
  constructor(
    private readonly inbox: RedisInbox,
    private readonly channel: string,
  ) {}

  publish(event: ServerEvent): void {
    this.inbox.send(this.channel, event).catch(() => undefined);
  }

  subscribe(listener: (event: ServerEvent) => void): () => void {
    return this.inbox.listen(this.channel, (payload) => listener(payload as ServerEvent));
  }
}

/** Session and task events through the processes' inboxes, one channel per topic; an instance ignores its own. */
export class RedisRelay implements McpRelay {
  constructor(
    private readonly inbox: RedisInbox,
    private readonly prefix: string,
    private readonly instanceId: string,
  ) {}

  /** Resolves once every instance's inbox has the event: it is then delivered even if its reader is reconnecting. */
  async publish(topic: string, event: RelayEvent): Promise<void> {
    await this.inbox.send(this.prefix + topic, { origin: this.instanceId, event });
  }

  async subscribe(topic: string, listener: (event: RelayEvent) => void): Promise<() => void> {
    const unsubscribe = this.inbox.listen(this.prefix + topic, (payload) => {
      const { origin, event } = payload as { origin: string; event: RelayEvent };
      if (origin !== this.instanceId) listener(event);
    });
    try {
      await this.inbox.member();
    } catch (error) {
      unsubscribe();
      throw error;
    }
    return unsubscribe;
  }
}
