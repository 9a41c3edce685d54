/** One structured log line per MCP request, through Nest's logger. */
export interface McpCallLogOptions {
  /** Log arguments (redacted by `redact`). Default false. */
  logArguments?: boolean;
  /** Log results. Default false. */
  logResults?: boolean;
}
