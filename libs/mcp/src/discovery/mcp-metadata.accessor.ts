import { Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { MCP_COMPLETE_METADATA, MCP_PROMPT_METADATA, MCP_RESOURCE_METADATA, MCP_TOOL_METADATA } from '../decorators/metadata-keys.js';
import type { CompleteOptions } from '../decorators/complete.decorator.js';
import type { PromptOptions, ResourceOptions, ToolOptions } from '../interfaces/component-options.interface.js';

export type McpMethodMetadata =
  | { kind: 'tool'; options: ToolOptions }
  | { kind: 'resource'; options: ResourceOptions }
  | { kind: 'prompt'; options: PromptOptions }
  | { kind: 'completion'; options: CompleteOptions };

/** Reads what `@Tool`, `@Resource` and `@Prompt` recorded on a method. */
@Injectable()
export class McpMetadataAccessor {
  constructor(private readonly reflector: Reflector) {}

  read(method: Function): McpMethodMetadata[] {
    const found: McpMethodMetadata[] = [];
    const tool = this.reflector.get<ToolOptions | undefined>(MCP_TOOL_METADATA, method);
    const resource = this.reflector.get<ResourceOptions | undefined>(MCP_RESOURCE_METADATA, method);
    const prompt = this.reflector.get<PromptOptions | undefined>(MCP_PROMPT_METADATA, method);
    if (tool) found.push({ kind: 'tool', options: tool });
    if (resource) found.push({ kind: 'resource', options: resource });
    const complete = this.reflector.get<CompleteOptions | undefined>(MCP_COMPLETE_METADATA, method);
    if (prompt) found.push({ kind: 'prompt', options: prompt });
    if (complete) found.push({ kind: 'completion', options: complete });
    return found;
  }
}
