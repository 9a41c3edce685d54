/**
 * The attribute and metric names of the OpenTelemetry semantic conventions for MCP (semantic-conventions-genai,
 * `docs/gen-ai/mcp.md`, status Development). Copied, not imported: the conventions package asks instrumentations to
 * copy incubating names.
 */
export const ATTR = {
  MCP_METHOD_NAME: 'mcp.method.name',
  MCP_PROTOCOL_VERSION: 'mcp.protocol.version',
  MCP_RESOURCE_URI: 'mcp.resource.uri',
  MCP_SESSION_ID: 'mcp.session.id',
  GEN_AI_OPERATION_NAME: 'gen_ai.operation.name',
  GEN_AI_TOOL_NAME: 'gen_ai.tool.name',
  GEN_AI_PROMPT_NAME: 'gen_ai.prompt.name',
  GEN_AI_TOOL_CALL_ARGUMENTS: 'gen_ai.tool.call.arguments',
  GEN_AI_TOOL_CALL_RESULT: 'gen_ai.tool.call.result',
  JSONRPC_REQUEST_ID: 'jsonrpc.request.id',
  RPC_RESPONSE_STATUS_CODE: 'rpc.response.status_code',
  ERROR_TYPE: 'error.type',
  NETWORK_TRANSPORT: 'network.transport',
  NETWORK_PROTOCOL_NAME: 'network.protocol.name',
  CODE_FUNCTION_NAME: 'code.function.name',
} as const;

export const METRIC = {
  OPERATION_DURATION: 'mcp.server.operation.duration',
  SESSION_DURATION: 'mcp.server.session.duration',
  /** Not in the conventions: sessions open in this process. */
  SESSION_ACTIVE: 'mcp.server.session.active',
  /** Not in the conventions: requests being handled in this process. */
  REQUEST_ACTIVE: 'mcp.server.request.active',
} as const;

/** The bucket boundaries the conventions recommend for MCP durations, in seconds. */
export const DURATION_BUCKETS = [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 30, 60, 120, 300];

export const TOOL_ERROR = 'tool_error';
export const EXECUTE_TOOL = 'execute_tool';
/** What stands for a value outside a known set (client-chosen notification methods), as HTTP conventions do. */
export const OTHER = '_OTHER';

/** The instrumentation scope of every tracer and meter of the library. */
export const SCOPE_NAME = 'nestjs-mcp';
