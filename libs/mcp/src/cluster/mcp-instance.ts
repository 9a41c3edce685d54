import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { InstanceRegistry } from '../interfaces/state-layer.interface.js';
import { MCP_OPTIONS, type McpResolvedOptions } from '../options/mcp-options.js';

/** A dead instance is noticed within this long; the heartbeat is written three times as often. */
const HEARTBEAT_TTL_MS = 5_000;
const STARTUP_WAIT_MS = 5_000;

/** This process among the server's instances: its id, and a heartbeat in the shared state while it runs. */
@Injectable()
export class McpInstance implements OnModuleInit, OnApplicationShutdown {
  readonly id = randomUUID();
  private readonly registry: InstanceRegistry;
  private readonly logger = new Logger('McpInstance');
  private heartbeat?: NodeJS.Timeout;

  constructor(@Inject(MCP_OPTIONS) private readonly options: McpResolvedOptions) {
    this.registry = options.state.instances;
  }

  /** Waits (a bounded time) for the shared store, announces this instance, then keeps announcing it. */
  async onModuleInit(): Promise<void> {
    const ready = this.options.state.layer?.ready?.();
    if (ready) {
      const waited = await Promise.race([ready.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), STARTUP_WAIT_MS).unref())]);
      if (!waited) this.logger.warn(`The session store is not reachable yet; serving anyway (requests needing it get 503)`);
    }
    const beat = () => this.registry.announce(this.id, HEARTBEAT_TTL_MS).catch((error: Error) => this.logger.warn(`Heartbeat failed: ${error.message}`));
    await beat();
    clearInterval(this.heartbeat); // a second init of the same container keeps one heartbeat
    this.heartbeat = setInterval(beat, HEARTBEAT_TTL_MS / 3);
    this.heartbeat.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.heartbeat);
    await this.registry.retire(this.id).catch(() => undefined);
  }

  /** Whether the instance that took on some work is still there to finish it. */
  async alive(instanceId: string): Promise<boolean> {
    return instanceId === this.id || this.registry.alive(instanceId);
  }
}
