import { AsyncLocalStorage } from 'node:async_hooks';
import { ToolError } from './tool-error.js';

export interface TransientErrorOptions {
  /** What failed underneath (kept as `cause`). */
  cause?: unknown;
  /** The soonest a retry may help (e.g. an upstream's `Retry-After`); bounded by the retry's `maxBackoffMs`. */
  retryAfterMs?: number;
}

/**
 * A failure that may not happen again: a timeout or refusal of something the tool depends on. A tool declared
 * idempotent (`annotations: { idempotentHint: true }`) with retries on (`McpModule.forRoot({ retry })` or
 * `@Retry()`) is run again; once attempts run out the client gets the message as an `isError` result (like a
 * `ToolError`, the message is never masked).
 */
export class TransientError extends ToolError {
  readonly retryAfterMs: number | undefined;

  constructor(message: string, options: TransientErrorOptions = {}) {
    super(message, options.cause !== undefined ? { cause: options.cause } : undefined);
    // ToolError's `name` is typed as its own literal.
    Object.defineProperty(this, 'name', { value: 'TransientError', enumerable: true, configurable: true });
    const { retryAfterMs } = options;
    this.retryAfterMs = typeof retryAfterMs === 'number' && Number.isFinite(retryAfterMs) && retryAfterMs > 0 ? retryAfterMs : undefined;
  }
}

/** One attempt of a retried tool call: the transient failure its handler threw, if any. */
export interface TransientFailureRecord {
  error: TransientError | undefined;
}

/**
 * The attempt a retry runs, in the async context of the call. Tool errors become `isError` results before MCP
 * middleware sees them (and the SDK rebuilds results while checking them), so the failure's kind travels here.
 */
const attempts = new AsyncLocalStorage<TransientFailureRecord>();

/** Runs `fn` (one attempt) so that a transient failure mapped inside it is recorded on `record`. */
export function inTransientFailureScope<T>(record: TransientFailureRecord, fn: () => T): T {
  return attempts.run(record, fn);
}

/** Called where a tool's thrown error becomes its `isError` result: tells the attempt under way, if any. */
export function noteToolFailure(error: unknown): void {
  if (error instanceof TransientError) {
    const record = attempts.getStore();
    if (record) record.error = error;
  }
}
