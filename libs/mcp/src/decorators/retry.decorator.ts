import type { McpRetryOptions } from '../interfaces/retry-options.interface.js';
import { assertDuration } from './timeout.decorator.js';

/** Where `@Retry()` records its options, on a method or a class. */
export const MCP_RETRY_METADATA = 'nestjs-mcp:retry';

/** A bound on attempts, so one call never turns into an unbounded number of runs. */
export const MAX_RETRY_ATTEMPTS = 10;

/**
 * Retries a tool (on a class: each of its tools) declared idempotent (`annotations: { idempotentHint: true }`) when
 * its handler throws a `TransientError`. Each attempt runs the whole pipeline again (guards, interceptors,
 * handler). Fields left out come from the class's `@Retry()`, then `McpModule.forRoot({ retry })`, then the defaults.
 * On a method of a tool that is not declared idempotent it fails the bootstrap.
 */
export function Retry(options: McpRetryOptions = {}): ClassDecorator & MethodDecorator {
  assertRetryOptions(options, '@Retry()');
  const mark = { ...options };
  return (target: object, _key?: string | symbol, descriptor?: PropertyDescriptor) => {
    Reflect.defineMetadata(MCP_RETRY_METADATA, mark, descriptor ? (descriptor.value as object) : target);
  };
}

/** `@Retry()` as it applies to a handler: its own options over its class's; undefined when neither has any. */
export function retryMarkOf(handler: object, hostClass: object): McpRetryOptions | undefined {
  const inherited = Reflect.getMetadata(MCP_RETRY_METADATA, hostClass) as McpRetryOptions | undefined;
  const own = retryMarkOnMethod(handler);
  return inherited || own ? { ...inherited, ...own } : undefined;
}

export function retryMarkOnMethod(handler: object): McpRetryOptions | undefined {
  return Reflect.getMetadata(MCP_RETRY_METADATA, handler) as McpRetryOptions | undefined;
}

export function assertRetryOptions(options: McpRetryOptions, what: string): void {
  if (typeof options !== 'object' || options === null) throw new Error(`${what} takes an options object`);
  const { attempts, factor } = options;
  if (attempts !== undefined && !(Number.isInteger(attempts) && attempts >= 1 && attempts <= MAX_RETRY_ATTEMPTS)) {
    throw new Error(`${what} attempts must be a whole number from 1 to ${MAX_RETRY_ATTEMPTS}, got ${String(attempts)}`);
  }
  if (factor !== undefined && !(typeof factor === 'number' && Number.isFinite(factor) && factor >= 1 && factor <= 10)) {
    throw new Error(`${what} factor must be a number from 1 to 10, got ${String(factor)}`);
  }
  assertDuration(options.backoffMs, `${what} backoffMs`);
  assertDuration(options.maxBackoffMs, `${what} maxBackoffMs`);
}
