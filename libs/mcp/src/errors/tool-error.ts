/**
 * An error meant for the client: its message is always shown (as an `isError` tool result, or a JSON-RPC error
 * for resources and prompts), even when unexpected errors are masked.
 */
export class ToolError extends Error {
  override readonly name = 'ToolError';
}
