import { AsyncResource } from 'node:async_hooks';
import type { ExecutionContext, NestInterceptor } from '@nestjs/common';
import { defer, from, lastValueFrom, mergeAll, Observable } from 'rxjs';

/**
 * Runs `handler` inside `interceptors` (outermost first), as Nest runs a route's interceptors: each `handle()` is
 * deferred and bound to the async context it was called in, so what an interceptor sets up around `next.handle()`
 * (an AsyncLocalStorage store, an OpenTelemetry context) is what the inner steps and the handler run in.
 */
export function runInterceptors(interceptors: readonly NestInterceptor[], context: ExecutionContext, handler: () => Promise<unknown>): Promise<unknown> {
  const step = (index: number): Observable<unknown> => {
    if (index >= interceptors.length) return defer(handler);
    const interceptor = interceptors[index];
    const next = { handle: () => boundToCaller(step(index + 1)) };
    return defer(() => from(Promise.resolve(interceptor.intercept(context, next)))).pipe(mergeAll());
  };
  return lastValueFrom(step(0), { defaultValue: undefined });
}

/** Subscribes (which is when the inner steps and the handler start) in the async context `handle()` was called in. */
function boundToCaller<T>(source: Observable<T>): Observable<T> {
  const resource = new AsyncResource('nestjs-mcp:middleware');
  return new Observable<T>((subscriber) => resource.runInAsyncScope(() => source.subscribe(subscriber)));
}
