import { Injectable, type Type } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { McpHealth } from '../cluster/mcp-health.js';
import { McpErrorStats } from '../errors/error-stats.js';
import { McpLifecycle } from '../http/mcp-lifecycle.js';
import { LegacySessions } from '../http/sessions/legacy-sessions.js';

/** What `McpHealthIndicator` reports besides its status. */
export interface McpHealthDetails {
  /** The shared state (e.g. Redis): `up`, or `down` with `storeDetail` saying why. */
  store: 'up' | 'down';
  storeDetail?: string;
  /** Shutting down: new MCP requests are turned away while the calls in flight finish. */
  draining: boolean;
  /** 2025-era sessions held live by this instance. */
  sessions: number;
  /** MCP HTTP requests of this instance not answered yet (open streams included). */
  requestsInFlight: number;
  /** Unexpected handler errors since start (see `McpErrorStats`). */
  unexpectedErrors: number;
}

/**
 * A @nestjs/terminus health indicator for the MCP server: down when its shared state (e.g. Redis) does not answer or
 * while it drains on shutdown; details say how many sessions and requests this instance holds. Add it to the
 * providers of the module that imports `TerminusModule` and call `isHealthy()` from a `@HealthCheck()` route.
 */
@Injectable()
export class McpHealthIndicator {
  private parts?: { health: McpHealth; errors: McpErrorStats; lifecycle?: McpLifecycle; sessions?: LegacySessions };

  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly moduleRef: ModuleRef,
  ) {}

  async isHealthy<const Key extends string = 'mcp'>(key: Key = 'mcp' as Key): Promise<HealthIndicatorResult<Key>> {
    const check = this.indicators.check(key);
    const { health, errors, lifecycle, sessions } = this.resolveParts();
    const store = await health.check();
    const details: McpHealthDetails = {
      store: store.healthy ? 'up' : 'down',
      ...(store.detail !== undefined ? { storeDetail: store.detail } : {}),
      draining: lifecycle?.draining ?? false,
      sessions: sessions?.heldHere ?? 0,
      requestsInFlight: lifecycle?.requestsInFlight ?? 0,
      unexpectedErrors: errors.snapshot().total,
    };
    return store.healthy && !details.draining ? check.up({ ...details }) : check.down({ ...details });
  }

  /** The MCP module's own services, found wherever `McpModule` was imported (once, on the first check). */
  private resolveParts(): NonNullable<McpHealthIndicator['parts']> {
    this.parts ??= {
      health: this.moduleRef.get(McpHealth, { strict: false }),
      errors: this.moduleRef.get(McpErrorStats, { strict: false }),
      lifecycle: this.optional(McpLifecycle),
      sessions: this.optional(LegacySessions),
    };
    return this.parts;
  }

  /** The HTTP parts are absent from stdio-only apps. */
  private optional<T>(type: Type<T>): T | undefined {
    try {
      return this.moduleRef.get(type, { strict: false });
    } catch {
      return undefined;
    }
  }
}
