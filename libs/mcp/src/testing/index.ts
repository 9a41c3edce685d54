export {
  McpTestClient,
  type CallToolOptions,
  type McpHttpTestClientOptions,
  type McpMemoryTestClientOptions,
  type McpTestClientOptions,
} from './mcp-test-client.js';
