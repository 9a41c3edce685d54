import { Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { MCP_COMPLETE_METADATA, MCP_PROMPT_METADATA, MCP_RESOURCE_METADATA, MCP_TOOL_METADATA, MCP_TOOL_TRANSFORM_METADATA } from '../decorators/metadata-keys.js';
import type { CompleteOptions } from '../decorators/complete.decorator.js';
import type { PromptOptions, ResourceOptions, ToolOptions } from '../interfaces/component-options.interface.js';
import type { McpToolTransform } from '../interfaces/mcp-module-options.interface.js';

export type McpMethodMetadata =
  | { kind: 'tool'; options: ToolOptions; transform?: McpToolTransform }
  | { kind: 'resource'; options: ResourceOptions }
  | { kind: 'prompt'; options: PromptOptions }
  | { kind: 'completion'; options: CompleteOptions };

/** Reads what `@Tool` (with `@ToolTransform`), `@Resource`, `@Prompt` and `@Complete` recorded on a method. */
@Injectable()
export class McpMetadataAccessor {
  constructor(private readonly reflector: Reflector) {}

  /** `label` (`Class.method`) names the method in the error for a `@ToolTransform` without `@Tool`. */
  read(method: Function, label: string): McpMethodMetadata[] {
    const found: McpMethodMetadata[] = [];
    const tool = this.reflector.get<ToolOptions | undefined>(MCP_TOOL_METADATA, method);
    const transform = this.reflector.get<McpToolTransform | undefined>(MCP_TOOL_TRANSFORM_METADATA, method);
    if (transform && !tool) throw new Error(`@ToolTransform on ${label}, which is not a @Tool`);
    const resource = this.reflector.get<ResourceOptions | undefined>(MCP_RESOURCE_METADATA, method);
    const prompt = this.reflector.get<PromptOptions | undefined>(MCP_PROMPT_METADATA, method);
    if (tool) found.push(transform ? { kind: 'tool', options: tool, transform } : { kind: 'tool', options: tool });
    if (resource) found.push({ kind: 'resource', options: resource });
    const complete = this.reflector.get<CompleteOptions | undefined>(MCP_COMPLETE_METADATA, method);
    if (prompt) found.push({ kind: 'prompt', options: prompt });
    if (complete) found.push({ kind: 'completion', options: complete });
    return found;
  }
}
