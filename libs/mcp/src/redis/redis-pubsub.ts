import type { ServerEvent } from '@modelcontextprotocol/server';
import type { Redis } from 'ioredis';
import type { McpNotificationBus } from '../interfaces/notification-bus.interface.js';
import type { McpRelay, RelayEvent } from '../interfaces/relay.interface.js';

type Listener = (payload: unknown) => void;

/** One subscriber connection shared by the bus and the relay, with listeners by channel. */
export class RedisChannels {
  private readonly listeners = new Map<string, Set<Listener>>();
  /** Each channel's SUBSCRIBE, settled once Redis confirmed it (best effort: a failure is not retried here). */
  private readonly subscriptions = new Map<string, Promise<void>>();

  constructor(
    private readonly publisher: Redis,
    private readonly subscriber: Redis,
  ) {
    subscriber.on('message', (channel: string, raw: string) => {
      const listeners = this.listeners.get(channel);
      if (!listeners?.size) return;
      const payload: unknown = JSON.parse(raw);
      for (const listener of listeners) listener(payload);
    });
  }

  async publish(channel: string, payload: unknown): Promise<void> {
    await this.publisher.publish(channel, JSON.stringify(payload));
  }

  listen(channel: string, listener: Listener): () => void {
    let listeners = this.listeners.get(channel);
    if (!listeners) {
      listeners = new Set();
      this.listeners.set(channel, listeners);
      this.subscriptions.set(
        channel,
        this.subscriber.subscribe(channel).then(
          () => undefined,
          () => undefined,
        ),
      );
    }
    listeners.add(listener);
    return () => {
      const current = this.listeners.get(channel);
      if (!current?.delete(listener) || current.size) return;
      this.listeners.delete(channel);
      this.subscriptions.delete(channel);
      void this.subscriber.unsubscribe(channel).catch(() => undefined);
    };
  }

  /** Resolves once the channel's subscription is active: messages published from then on arrive. */
  listening(channel: string): Promise<void> {
    return this.subscriptions.get(channel) ?? Promise.resolve();
  }
}

/** list_changed and resource-updated events through Redis pub/sub: published once, delivered on every instance. */
export class RedisNotificationBus implements McpNotificationBus {
  constructor(
    private readonly channels: RedisChannels,
    private readonly channel: string,
  ) {}

  publish(event: ServerEvent): void {
    this.channels.publish(this.channel, event).catch(() => undefined);
  }

  subscribe(listener: (event: ServerEvent) => void): () => void {
    return this.channels.listen(this.channel, (payload) => listener(payload as ServerEvent));
  }
}

/** Session and task events through Redis pub/sub, one channel per topic; an instance ignores its own events. */
export class RedisRelay implements McpRelay {
  constructor(
    private readonly channels: RedisChannels,
    private readonly prefix: string,
    private readonly instanceId: string,
  ) {}

  async publish(topic: string, event: RelayEvent): Promise<void> {
    await this.channels.publish(this.prefix + topic, { origin: this.instanceId, event });
  }

  async subscribe(topic: string, listener: (event: RelayEvent) => void): Promise<() => void> {
    const unsubscribe = this.channels.listen(this.prefix + topic, (payload) => {
      const { origin, event } = payload as { origin: string; event: RelayEvent };
      if (origin !== this.instanceId) listener(event);
    });
    await this.channels.listening(this.prefix + topic);
    return unsubscribe;
  }
}
