import { ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import type { AnyClient } from './clients.js';

/** A client's tool names, sorted. */
export async function toolNames(client: Pick<AnyClient, 'listTools'>): Promise<string[]> {
  return (await client.listTools()).tools.map((tool) => tool.name).sort();
}

/** Counts the `tools/list_changed` notifications a client receives. */
export function countToolListChanged(client: AnyClient): { count: () => number } {
  let received = 0;
  const handler = () => {
    received++;
  };
  if (client.kind === 'v1') client.raw.setNotificationHandler(ToolListChangedNotificationSchema, handler);
  else client.raw.setNotificationHandler('notifications/tools/list_changed', handler);
  return { count: () => received };
}
