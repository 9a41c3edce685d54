import type { Server, ServerEvent } from '@modelcontextprotocol/server';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { MCP_NOTIFICATION_BUS, type McpNotificationBus } from '../interfaces/notification-bus.interface.js';
import type { McpListedKind } from '../interfaces/component-visibility.interface.js';
import type { ResourceSubscriptions } from '../session/resource-subscriptions.js';

/**
 * Pushes the bus's events to the client of a long-lived server instance (2025 sessions, stdio, in memory) as
 * `list_changed` and `resources/updated` notifications, the latter for the URIs it subscribed to.
 */
@Injectable()
export class ChangeNotifications {
  private readonly logger = new Logger('McpServer');

  constructor(@Inject(MCP_NOTIFICATION_BUS) private readonly bus: McpNotificationBus) {}

  attach(server: Server, subscriptions: ResourceSubscriptions): void {
    server.setRequestHandler('resources/subscribe', async (request) => {
      await subscriptions.add(request.params.uri);
      return {};
    });
    server.setRequestHandler('resources/unsubscribe', async (request) => {
      await subscriptions.remove(request.params.uri);
      return {};
    });
    const unsubscribe = this.bus.subscribe((event) => {
      this.forward(server, event, subscriptions).catch((error: Error) => this.logger.debug(`notification not delivered: ${error.message}`));
    });
    const previous = server.onclose;
    server.onclose = () => {
      unsubscribe();
      previous?.();
    };
  }

  private async forward(server: Server, event: ServerEvent, subscribed: ResourceSubscriptions): Promise<void> {
    if (!server.transport) return;
    switch (event.kind) {
      case 'tools_list_changed':
        return server.sendToolListChanged();
      case 'prompts_list_changed':
        return server.sendPromptListChanged();
      case 'resources_list_changed':
        return server.sendResourceListChanged();
      case 'resource_updated':
        return subscribed.has(event.uri) ? server.sendResourceUpdated({ uri: event.uri }) : undefined;
    }
  }
}

/** Tells one server's client that its lists of these kinds changed. */
export async function sendListChanged(server: Server, kinds: readonly McpListedKind[]): Promise<void> {
  if (!server.transport) return;
  await Promise.all(
    kinds.map((kind) => (kind === 'tool' ? server.sendToolListChanged() : kind === 'prompt' ? server.sendPromptListChanged() : server.sendResourceListChanged())),
  );
}
