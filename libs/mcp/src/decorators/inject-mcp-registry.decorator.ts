import { Inject } from '@nestjs/common';
import { getMcpRegistryToken } from '../interfaces/mcp-server-tokens.js';

/**
 * Injects the `McpRegistry` of one server of the app, by its key (`McpModule.forRoot({ server: 'admin' })`); with no
 * key, the server that names none. Injecting `McpRegistry` by class also works while the app has one server.
 */
export const InjectMcpRegistry = (server?: string): ParameterDecorator & PropertyDecorator => Inject(getMcpRegistryToken(server));
