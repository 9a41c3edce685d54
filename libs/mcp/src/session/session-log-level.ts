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

/** Whether a log message of `level` is at or above `threshold` in severity. */
export function isAtLeast(level: LoggingLevel, threshold: LoggingLevel): boolean {
  return SEVERITY[level] >= SEVERITY[threshold];
}

/**
 * The level a 2025 connection asked for with `logging/setLevel`. An HTTP session's is kept with the session so every
 * instance holding it filters log notifications alike (`onChange` tells the others); a stdio or in-memory
 * connection's, or a stateless exchange's, lives in this object only.
 */
export class SessionLogLevel {
  private level: LoggingLevel | undefined;
  private changes = 0;
  /** Awaited: the others are told before the client gets its answer. */
  onChange?: (level: LoggingLevel) => Promise<void>;

  constructor(private readonly persist?: { store: SessionStore; sessionId: string }) {}

  /** Reads the level from the store (a change made here while it reads wins). */
  async load(): Promise<void> {
    if (!this.persist) return;
    const changes = this.changes;
    const stored = await this.persist.store.getState<LoggingLevel>(this.persist.sessionId, STATE_KEY);
    if (changes === this.changes) this.level = stored;
  }

  async set(level: LoggingLevel): Promise<void> {
    this.changes++;
    this.level = level;
    if (this.persist) await this.persist.store.setState(this.persist.sessionId, STATE_KEY, level);
    await this.onChange?.(level);
  }

  replace(level: LoggingLevel): void {
    this.changes++;
    this.level = level;
  }

  /** Whether a message of this level reaches the client (everything does until a level was set). */
  allows(level: LoggingLevel): boolean {
    return this.level === undefined || isAtLeast(level, this.level);
  }
}
