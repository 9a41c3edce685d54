import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { MCP_RESOLVED_OPTIONS, type McpResolvedOptions } from '../mcp-options.js';
import type { McpStoreHealth } from './state-layer.js';

/**
 * The readiness of the MCP server's shared state (e.g. whether Redis answers). Served at `<path>/health`; inject
 * it into a @nestjs/terminus indicator to fold it into your own health checks.
 */
@Injectable()
export class McpHealth implements OnApplicationShutdown {
  constructor(@Inject(MCP_RESOLVED_OPTIONS) private readonly options: McpResolvedOptions) {}

  async check(): Promise<McpStoreHealth> {
    const store = this.options.store;
    if (!store?.health) return { healthy: true };
    try {
      return await store.health();
    } catch (error) {
      return { healthy: false, detail: (error as Error).message };
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.options.store?.close?.();
  }
}
