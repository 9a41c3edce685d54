/** Where a client keeps a server: the project's own file, or the user's file that every project shares. */
export type InstallScope = 'project' | 'user';

/**
 * What `install` needs to know of an MCP client. Checked against each client's documentation (2026):
 * - Claude Desktop: one user file, `mcpServers`, entries `{ command, args, env }`; it starts stdio servers only, so an
 *   HTTP server goes through the mcp-remote bridge (modelcontextprotocol.io/quickstart/user;
 *   github.com/geelen/mcp-remote README, "Custom Headers").
 * - Claude Code: `.mcp.json` in the project, top-level `mcpServers` of `~/.claude.json` for the user; entries typed
 *   `{ type: "stdio", command, args, env }` or `{ type: "http", url, headers }` (code.claude.com/docs/en/mcp,
 *   "MCP installation scopes").
 * - Cursor: `.cursor/mcp.json` and `~/.cursor/mcp.json`, `mcpServers`, `{ command, args, env }` or `{ url, headers }`
 *   (cursor.com/docs/mcp).
 * - VS Code: `.vscode/mcp.json` and `mcp.json` of the user profile, top-level `servers`, entries typed like Claude
 *   Code's (code.visualstudio.com/docs/copilot/reference/mcp-configuration).
 */
export interface McpClient {
  title: string;
  /** The top-level key that holds the servers, by name. */
  serversKey: 'mcpServers' | 'servers';
  /** The scopes it has; the first is the default. */
  scopes: readonly InstallScope[];
  /** Entries say their transport: `"type": "stdio"` or `"type": "http"`. */
  typed: boolean;
  /** It connects to Streamable HTTP servers itself; else an HTTP server is reached through mcp-remote over stdio. */
  speaksHttp: boolean;
  /** Printed after a change when the client reads its file only at startup. */
  restartHint?: string;
}

export const MCP_CLIENTS = {
  'claude-desktop': {
    title: 'Claude Desktop',
    serversKey: 'mcpServers',
    scopes: ['user'],
    typed: false,
    speaksHttp: false,
    restartHint: 'Quit Claude Desktop completely and start it again to load the change.',
  },
  'claude-code': { title: 'Claude Code', serversKey: 'mcpServers', scopes: ['project', 'user'], typed: true, speaksHttp: true },
  cursor: { title: 'Cursor', serversKey: 'mcpServers', scopes: ['project', 'user'], typed: false, speaksHttp: true },
  vscode: { title: 'VS Code', serversKey: 'servers', scopes: ['project', 'user'], typed: true, speaksHttp: true },
} as const satisfies Record<string, McpClient>;

export type McpClientId = keyof typeof MCP_CLIENTS;

export const MCP_CLIENT_IDS = Object.keys(MCP_CLIENTS) as McpClientId[];
