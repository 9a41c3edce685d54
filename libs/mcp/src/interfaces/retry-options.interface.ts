/**
 * How tools declared idempotent (`annotations: { idempotentHint: true }`) are retried when their handler throws a
 * `TransientError`: `McpModule.forRoot({ retry })` for every such tool, `@Retry()` on a tool or its class.
 */
export interface McpRetryOptions {
  /** Most attempts in all, the first included (1 = no retry). Default 3, at most 10. */
  attempts?: number;
  /** Wait before the first retry. Default 100 ms. */
  backoffMs?: number;
  /** Each further wait is the previous one times this. Default 2. */
  factor?: number;
  /** Longest wait, also the bound of a `TransientError`'s `retryAfterMs`. Default 5,000 ms. */
  maxBackoffMs?: number;
}
