import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { McpStoreHealth } from '../interfaces/state-layer.interface.js';
import { MCP_OPTIONS, type McpResolvedOptions } from '../options/mcp-options.js';

/**
 * The readiness of the MCP server's shared state (e.g. whether Redis answers). Served at `<path>/health`; inject
 * it into a @nestjs/terminus indicator to fold it into your own health checks.
 */
@Injectable()
export class McpHealth implements OnApplicationShutdown {
  constructor(@Inject(MCP_OPTIONS) private readonly options: McpResolvedOptions) {}

  async check(): Promise<McpStoreHealth> {
    const layer = this.options.state.layer;
    if (!layer?.health) return { healthy: true };
    try {
      return await layer.health();
    } catch (error) {
      return { healthy: false, detail: (error as Error).message };
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.options.state.layer?.close?.();
  }
}
