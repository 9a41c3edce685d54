import type { McpResultLimitOptions } from '../interfaces/result-limit.interface.js';

/** Where `@MaxResultSize()` records its limit, on a method or a class. */
export const MCP_RESULT_LIMIT_METADATA = 'nestjs-mcp:result-limit';

let used = false;

/**
 * The largest result of the tools, resources and prompts a class declares, or of one method, in bytes of its JSON:
 * over it the result is refused (default) or truncated (see `McpResultLimitOptions`). Overrides
 * `McpModule.forRoot({ resultLimit })`; the method's mark wins over its class's. `Infinity` lifts the global limit.
 */
export function MaxResultSize(maxBytes: number, overflow: McpResultLimitOptions['overflow'] = 'refuse'): ClassDecorator & MethodDecorator {
  assertResultLimit({ maxBytes, overflow }, '@MaxResultSize()');
  const mark: Required<McpResultLimitOptions> = { maxBytes, overflow };
  return (target: object, _key?: string | symbol, descriptor?: PropertyDescriptor) => {
    used = true;
    Reflect.defineMetadata(MCP_RESULT_LIMIT_METADATA, mark, descriptor ? (descriptor.value as object) : target);
  };
}

/** Whether any `@MaxResultSize()` was applied: when none was and no global limit is set, results are not measured. */
export function resultLimitMarksUsed(): boolean {
  return used;
}

/** The `@MaxResultSize()` mark of a handler, its own over its class's. */
export function resultLimitMarkOf(handler: object, hostClass: object): Required<McpResultLimitOptions> | undefined {
  return Reflect.getMetadata(MCP_RESULT_LIMIT_METADATA, handler) ?? Reflect.getMetadata(MCP_RESULT_LIMIT_METADATA, hostClass);
}

export function assertResultLimit(limit: McpResultLimitOptions, where: string): void {
  if (typeof limit.maxBytes !== 'number' || !(limit.maxBytes > 0)) throw new TypeError(`${where}: maxBytes must be a positive number, got ${String(limit.maxBytes)}`);
  if (limit.overflow !== undefined && limit.overflow !== 'refuse' && limit.overflow !== 'truncate') {
    throw new TypeError(`${where}: overflow must be 'refuse' or 'truncate', got ${String(limit.overflow)}`);
  }
}
