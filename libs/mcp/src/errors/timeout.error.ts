/**
 * The reason `ctx.signal` aborts with when a call or task run outlives its time limit. Named `TimeoutError` as
 * `AbortSignal.timeout()` names its reason, so `signal.reason.name === 'TimeoutError'` holds for both.
 */
export class McpTimeoutError extends Error {
  override readonly name = 'TimeoutError';

  constructor(
    message: string,
    readonly timeoutMs: number,
  ) {
    super(message);
  }
}
