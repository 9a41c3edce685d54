import type { LoggingLevel } from '@modelcontextprotocol/server';
import type { SessionStore } from '../interfaces/session-store.interface.js';

const STATE_KEY = 'nestjs-mcp:log-level';
const SEVERITY: Record<LoggingLevel, number> = {
  debug: 0,
  info: 1,
  notice: 2,
  warning: 3,
  error: 4,
  critical: 5,
  alert: 6,
  emergency: 7,
};

/**
 * The level a 2025 session asked for with `logging/setLevel`, kept with the session so every instance holding it
 * filters log notifications alike; `onChange` tells the others.
 */
export class SessionLogLevel {
  private level: LoggingLevel | undefined;
  /** Awaited: the others are told before the client gets its answer. */
  onChange?: (level: LoggingLevel) => Promise<void>;

  constructor(private readonly persist: { store: SessionStore; sessionId: string }) {}

  async load(): Promise<void> {
    this.level = await this.persist.store.getState<LoggingLevel>(this.persist.sessionId, STATE_KEY);
  }

  async set(level: LoggingLevel): Promise<void> {
    this.level = level;
    await this.persist.store.setState(this.persist.sessionId, STATE_KEY, level);
    await this.onChange?.(level);
  }

  replace(level: LoggingLevel): void {
    this.level = level;
  }

  /** Whether a message of this level reaches the client (everything does until a level was set). */
  allows(level: LoggingLevel): boolean {
    return this.level === undefined || SEVERITY[level] >= SEVERITY[this.level];
  }
}
