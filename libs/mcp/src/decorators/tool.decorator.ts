import { SetMetadata } from '@nestjs/common';
import { MCP_TOOL_METADATA } from './metadata-keys.js';
import type { ToolOptions } from '../interfaces/component-options.interface.js';

/** Exposes the decorated provider method as an MCP tool. The name defaults to the method name. */
export const Tool = (options: ToolOptions = {}): MethodDecorator => SetMetadata(MCP_TOOL_METADATA, options);
