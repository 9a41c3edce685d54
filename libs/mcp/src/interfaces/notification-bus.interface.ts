import type { ServerEventBus } from '@modelcontextprotocol/server';

/**
 * Carries list_changed and resource-updated events to every connected client: 2025-era sessions and
 * 2026-07-28 `subscriptions/listen` streams alike. In process by default; a shared bus (e.g. Redis pub/sub)
 * makes the events reach clients of every instance.
 */
export type McpNotificationBus = ServerEventBus;

export const MCP_NOTIFICATION_BUS = Symbol('MCP_NOTIFICATION_BUS');
