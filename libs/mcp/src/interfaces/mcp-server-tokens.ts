/** The key of the server of an `McpModule.forRoot` that names none. */
export const DEFAULT_MCP_SERVER = 'default';

/** A server key names tokens and prefixes store keys and channels: plain words only. */
export const MCP_SERVER_KEY = /^[A-Za-z0-9_-]{1,64}$/;

/** The injection token of the `McpRegistry` of the server named `server` (`McpModule.forRoot({ server })`). */
export function getMcpRegistryToken(server: string = DEFAULT_MCP_SERVER): string {
  return `nestjs-mcp:registry:${server}`;
}

/** The injection token of what the test kit and `bootstrapStdio` need of the server named `server`. */
export function getMcpServerToken(server: string = DEFAULT_MCP_SERVER): string {
  return `nestjs-mcp:server:${server}`;
}
