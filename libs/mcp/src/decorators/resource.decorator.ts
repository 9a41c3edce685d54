import { SetMetadata } from '@nestjs/common';
import { MCP_RESOURCE_METADATA } from './metadata-keys.js';
import type { ResourceOptions } from '../interfaces/component-options.interface.js';

/**
 * Exposes the decorated provider method as an MCP resource. A `uri` with RFC 6570 variables (`notes://{id}`)
 * makes it a resource template; the variables are available through `@Arg('id')`.
 */
export const Resource = (options: ResourceOptions): MethodDecorator => SetMetadata(MCP_RESOURCE_METADATA, options);
