import { Controller, Get, ServiceUnavailableException, type Type } from '@nestjs/common';
import { McpHealth } from '../cluster/mcp-health.js';

/** `GET <path>/health`: 200 when the shared state answers, 503 otherwise (for load balancers and readiness probes). */
export function createMcpHealthController(path: string): Type<unknown> {
  @Controller(path)
  class McpHealthController {
    constructor(private readonly health: McpHealth) {}

    @Get('health')
    async check(): Promise<{ status: 'ok' }> {
      const result = await this.health.check();
      if (!result.healthy) throw new ServiceUnavailableException({ status: 'unavailable', detail: result.detail });
      return { status: 'ok' };
    }
  }
  return McpHealthController;
}
