/** Where `@McpTimeout()` records its limits, on a method or a class. */
export const MCP_TIMEOUT_METADATA = 'nestjs-mcp:timeout';

/** setTimeout's ceiling (about 24.8 days): a longer delay would fire at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** The limits `@McpTimeout()` sets. */
export interface McpTimeoutMark {
  /** Longest a call of the component may run (`tools/call`, `resources/read`, `prompts/get`, `completion/complete`). */
  ms?: number;
  /** Longest a task run of the tool may take, from the task's creation. */
  taskMs?: number;
}

/**
 * Time limits of the components a class declares, or of one method: `@McpTimeout(5_000)` for its calls,
 * `@McpTimeout({ taskMs: 600_000 })` for its task runs. The method's own mark wins over its class's, field by field;
 * a component's `timeoutMs` option wins over both. `0` means no limit.
 */
export function McpTimeout(limit: number | McpTimeoutMark): ClassDecorator & MethodDecorator {
  const mark: McpTimeoutMark = typeof limit === 'number' ? { ms: limit } : definedFields({ ms: limit?.ms, taskMs: limit?.taskMs });
  assertDuration(mark.ms, '@McpTimeout() limit');
  assertDuration(mark.taskMs, '@McpTimeout() taskMs');
  return (target: object, _key?: string | symbol, descriptor?: PropertyDescriptor) => {
    Reflect.defineMetadata(MCP_TIMEOUT_METADATA, mark, descriptor ? (descriptor.value as object) : target);
  };
}

/** What `@McpTimeout()` says for a handler: its own mark over its class's. Read once, when the component is built. */
export function timeoutMarkOf(handler: object | undefined, hostClass: object | undefined): McpTimeoutMark {
  const inherited = hostClass ? (Reflect.getMetadata(MCP_TIMEOUT_METADATA, hostClass) as McpTimeoutMark | undefined) : undefined;
  const own = handler ? (Reflect.getMetadata(MCP_TIMEOUT_METADATA, handler) as McpTimeoutMark | undefined) : undefined;
  return { ...inherited, ...own };
}

/** A duration option: undefined, or whole-or-fractional milliseconds from 0 to setTimeout's ceiling. */
export function assertDuration(value: unknown, what: string): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > MAX_TIMER_MS) {
    throw new Error(`${what} must be a number of milliseconds from 0 to ${MAX_TIMER_MS}, got ${describe(value)}`);
  }
}

function describe(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

function definedFields<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}
