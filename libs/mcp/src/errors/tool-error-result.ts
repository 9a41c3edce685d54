import type { CallToolResult } from '@modelcontextprotocol/server';

/** A tool's error result with one text block: what the model reads of a failed call. */
export function toolErrorResult(text: string): CallToolResult {
  return { content: [{ type: 'text', text }], isError: true };
}

/** Whether a result is a tool's error result (`isError: true`). */
export function isToolErrorResult(result: unknown): boolean {
  return typeof result === 'object' && result !== null && (result as { isError?: unknown }).isError === true;
}
