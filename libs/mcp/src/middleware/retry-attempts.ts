import { Observable, type Subscription } from 'rxjs';
import { isToolErrorResult } from '../errors/tool-error-result.js';
import { inTransientFailureScope, type TransientError, type TransientFailureRecord } from '../errors/transient.error.js';
import { backoffBefore, type RetryPlan } from './retry-plans.js';

/**
 * Subscribes to `attempt()` (the rest of the call's pipeline, handler included) until it ends other than with a
 * transient failure: an `isError` result whose handler threw a `TransientError`. Between attempts it waits out the
 * backoff; it stops retrying when the attempts run out or `signal` aborts, answering with the last failure.
 */
export function withRetries(
  attempt: () => Observable<unknown>,
  plan: RetryPlan,
  signal: AbortSignal,
  onRetry: (failedAttempt: number, failure: TransientError, waitMs: number) => void,
): Observable<unknown> {
  return new Observable((subscriber) => {
    let running: Subscription | undefined;
    let wait: ReturnType<typeof setTimeout> | undefined;
    let lastFailure: unknown;
    const stopWaiting = () => {
      clearTimeout(wait);
      wait = undefined;
      signal.removeEventListener('abort', onAbort);
    };
    const onAbort = () => {
      stopWaiting();
      subscriber.next(lastFailure);
      subscriber.complete();
    };
    const run = (number: number) => {
      const record: TransientFailureRecord = { error: undefined };
      let emitted = false;
      let result: unknown;
      // Subscribed inside the scope: the handler runs (synchronously started, then in its async continuations) in it.
      running = inTransientFailureScope(record, () =>
        attempt().subscribe({
          next: (value) => {
            emitted = true;
            result = value;
          },
          error: (error: unknown) => subscriber.error(error),
          complete: () => {
            const failure = record.error && isToolErrorResult(result) ? record.error : undefined;
            if (!failure || number >= plan.attempts || signal.aborted) {
              if (emitted) subscriber.next(result);
              subscriber.complete();
              return;
            }
            lastFailure = result;
            const waitMs = backoffBefore(plan, number, failure);
            onRetry(number, failure, waitMs);
            signal.addEventListener('abort', onAbort, { once: true });
            wait = setTimeout(() => {
              stopWaiting();
              run(number + 1);
            }, waitMs);
          },
        }),
      );
    };
    run(1);
    return () => {
      stopWaiting();
      running?.unsubscribe();
    };
  });
}
