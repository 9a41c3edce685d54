/**
 * A bound on the size of results sent to clients, measured as the bytes of the result's JSON. Applies to
 * `tools/call`, `resources/read` and `prompts/get` (not to task handles, input-required rounds or completions).
 */
export interface McpResultLimitOptions {
  /** Largest result, in bytes of its JSON. */
  maxBytes: number;
  /**
   * `'refuse'` (default): a tool answers with an `isError` result saying how large the result was, a resource or
   * prompt with a JSON-RPC error. `'truncate'`: a tool's text content (a resource's text contents) is cut to fit,
   * with a notice saying so; results that cannot be cut (a tool's `structuredContent`, a resource's blobs, prompts)
   * are refused.
   */
  overflow?: 'refuse' | 'truncate';
}
