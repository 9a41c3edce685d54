import type { ServerResponse } from 'node:http';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { MCP_OPTIONS, type McpResolvedOptions } from '../options/mcp-options.js';

/**
 * Graceful shutdown of the MCP endpoint: once draining, new requests are turned away (503, so a load balancer or
 * the client retries elsewhere) while the calls in flight may finish, up to `shutdownGraceMs`.
 */
@Injectable()
export class McpLifecycle {
  private readonly logger = new Logger('McpLifecycle');
  private readonly inFlight = new Map<ServerResponse, (() => void) | undefined>();
  private idle?: () => void;
  private drained?: Promise<void>;

  constructor(@Inject(MCP_OPTIONS) private readonly options: McpResolvedOptions) {}

  get draining(): boolean {
    return this.drained !== undefined;
  }

  /** MCP HTTP requests whose responses are not done yet (open SSE streams included). */
  get requestsInFlight(): number {
    return this.inFlight.size;
  }

  /**
   * Counts a request until its response is done. `giveUp` answers its calls with an error if they are still running
   * at the end of the grace period, so clients are told rather than left waiting. Tracking again only adds `giveUp`.
   */
  track(res: ServerResponse, giveUp?: () => void): void {
    const known = this.inFlight.has(res);
    this.inFlight.set(res, giveUp ?? this.inFlight.get(res));
    if (known) return;
    res.once('close', () => {
      this.inFlight.delete(res);
      if (this.inFlight.size === 0) this.idle?.();
    });
  }

  /** Stops taking work and waits for the calls in flight (at most `shutdownGraceMs`); the same promise each time. */
  drain(): Promise<void> {
    this.drained ??= this.waitForIdle();
    return this.drained;
  }

  private async waitForIdle(): Promise<void> {
    if (this.inFlight.size === 0) return;
    this.logger.log(`Draining ${this.inFlight.size} MCP request(s) before shutdown`);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      new Promise<void>((resolve) => (this.idle = resolve)),
      new Promise<void>((resolve) => (timer = setTimeout(resolve, this.options.shutdownGraceMs))),
    ]);
    clearTimeout(timer);
    if (this.inFlight.size === 0) return;
    this.logger.warn(`${this.inFlight.size} MCP request(s) still running at the end of the grace period: answering them with an error`);
    for (const giveUp of this.inFlight.values()) giveUp?.();
  }
}
