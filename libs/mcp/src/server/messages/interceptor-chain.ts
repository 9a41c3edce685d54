import { AsyncResource } from 'node:async_hooks';
import type { ExecutionContext, NestInterceptor } from '@nestjs/common';
import { defer, from, lastValueFrom, mergeAll, type Observable } from 'rxjs';

/**
 * Runs `handler` inside `interceptors` (outermost first), as Nest runs a route's interceptors: each `handle()` is
 * deferred and bound to the async context it was called in, so what an interceptor sets up around `next.handle()`
 * (an AsyncLocalStorage store, an OpenTelemetry context) is what the inner steps and the handler run in.
 */
export function runInterceptors(interceptors: readonly NestInterceptor[], context: ExecutionContext, handler: () => Promise<unknown>): Promise<unknown> {
  const step = (index: number): Observable<unknown> => {
    if (index >= interceptors.length) return defer(handler);
    const interceptor = interceptors[index];
    const next = { handle: () => defer(boundToCaller(() => step(index + 1))) };
    return defer(() => from(Promise.resolve(interceptor.intercept(context, next)))).pipe(mergeAll());
  };
  return lastValueFrom(step(0), { defaultValue: undefined });
}

function boundToCaller<T>(fn: () => T): () => T {
  const resource = new AsyncResource('nestjs-mcp:middleware');
  return () => resource.runInAsyncScope(fn);
}
