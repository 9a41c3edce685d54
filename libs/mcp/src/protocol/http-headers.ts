/** The MCP request headers of streamable HTTP, as Node lower-cases them. */
export const McpHeader = {
  sessionId: 'mcp-session-id',
  protocolVersion: 'mcp-protocol-version',
  /** 2026-07-28: the JSON-RPC method, mirrored for routing without parsing the body. */
  method: 'mcp-method',
  /** 2026-07-28: the tool, prompt or resource the request names. */
  name: 'mcp-name',
  /** 2026-07-28 (SEP-2243): prefix of the headers mirroring tool arguments. */
  paramPrefix: 'mcp-param-',
} as const;

/** One request header's value (the first, when it was sent several times). */
export function headerValue(headers: Readonly<Record<string, string | string[] | undefined>>, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}
