export { McpTestClient, type CallToolOptions, type McpHttpTestClientOptions, type McpTestClientOptions } from './mcp-test-client.js';
