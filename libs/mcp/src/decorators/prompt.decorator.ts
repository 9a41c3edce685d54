import { SetMetadata } from '@nestjs/common';
import { MCP_PROMPT_METADATA } from './metadata-keys.js';
import type { PromptOptions } from '../interfaces/component-options.interface.js';

/** Exposes the decorated provider method as an MCP prompt. The name defaults to the method name. */
export const Prompt = (options: PromptOptions = {}): MethodDecorator => SetMetadata(MCP_PROMPT_METADATA, options);
