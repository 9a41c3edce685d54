export const MCP_MODULE_OPTIONS = Symbol('MCP_MODULE_OPTIONS');
export const MCP_TOOL_METADATA = 'nestjs-mcp:tool';
export const MCP_RESOURCE_METADATA = 'nestjs-mcp:resource';
export const MCP_PROMPT_METADATA = 'nestjs-mcp:prompt';
export const MCP_COMPLETE_METADATA = 'nestjs-mcp:complete';
export const MCP_FIELD_METADATA = 'nestjs-mcp:field';
/** Nest's own route-arguments key: sharing it lets `createParamDecorator` decorators work on MCP handlers too. */
export const MCP_PARAM_ARGS_METADATA = '__routeArguments__';
/** Marks the Fastify route of the MCP controller so the route hook can tune it (body limit, parse errors). */
export const MCP_ROUTE_MARKER = 'nestjs-mcp:endpoint';
export const MCP_CONTEXT_TYPE = 'mcp';

export const DEFAULT_MCP_PATH = 'mcp';
export const DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;
export const DEFAULT_SESSION_IDLE_TTL_MS = 30 * 60 * 1000;
export const DEFAULT_MAX_SESSIONS = 10_000;
