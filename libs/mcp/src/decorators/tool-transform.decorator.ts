import type { McpToolTransform } from '../interfaces/mcp-module-options.interface.js';
import { isPlainObject } from '../protocol/json-rpc-shape.js';
import { MCP_TOOL_TRANSFORM_METADATA } from './metadata-keys.js';

/**
 * Shows this `@Tool` differently on every server that serves it: another name, title, description or annotations,
 * and arguments renamed, described or hidden (filled with a fixed `value` or what `compute(caller)` returns for each
 * call), as `McpModule.forRoot({ transforms: { tools } })` does for one server. The handler still receives its own DTO
 * and runs through the same pipeline. A server's `transforms.tools` entry for the tool (by the name it is registered
 * under) replaces this transform on that server.
 */
export function ToolTransform(transform: McpToolTransform): MethodDecorator {
  return (target, key, descriptor) => {
    if (!isPlainObject(transform)) {
      throw new Error(`@ToolTransform on ${target.constructor.name}.${String(key)} needs an object: { name?, title?, description?, annotations?, arguments? }`);
    }
    Reflect.defineMetadata(MCP_TOOL_TRANSFORM_METADATA, transform, descriptor.value as object);
  };
}
