/** The shared state (e.g. Redis) could not be reached: clients get HTTP 503 with a retry hint, not a crash. */
export class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError';

  constructor(cause: unknown) {
    super(`Session store unavailable: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

/** Wraps every async method of a store so that its failures surface as `StoreUnavailableError`. */
export function failingAsUnavailable<T extends object>(store: T): T {
  return new Proxy(store, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const result = (value as (...a: unknown[]) => unknown).apply(target, args);
        return result instanceof Promise ? result.catch((error: unknown) => Promise.reject(new StoreUnavailableError(error))) : result;
      };
    },
  });
}
