/** A bound on the size of results sent to clients. */
export interface McpResultLimitOptions {
  /** Largest result, in bytes of its JSON. */
  maxBytes: number;
  /** `'refuse'` (default): an error result; `'truncate'`: the text cut, with a notice. */
  overflow?: 'refuse' | 'truncate';
}
