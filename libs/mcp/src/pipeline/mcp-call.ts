import type { McpContext } from '../interfaces/mcp-context.interface.js';

/** `context.getType()` of MCP calls in guards, interceptors and filters. */
export const MCP_CONTEXT_TYPE = 'mcp';

export type McpComponentKind = 'tool' | 'resource' | 'prompt' | 'completion';

/** What an enhancer sees of the MCP call it wraps (through `McpExecutionContext`). */
export interface McpCallInfo {
  /** The MCP method: `tools/call`, `resources/read`, `prompts/get`, or `tools/list` & co. while filtering lists. */
  readonly method: string;
  readonly kind: McpComponentKind;
  /** Tool or prompt name, or the resource's URI (template). */
  readonly name: string;
}

/** The argument array every MCP handler pipeline is invoked with: `[arguments, context, call]`. */
export type McpPipelineArgs = [arguments: Record<string, unknown> | object, context: McpContext, call: McpCallInfo];
