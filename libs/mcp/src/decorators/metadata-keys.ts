/** Where the decorators record what they mark; the explorer and the pipeline read it back. */
export const MCP_TOOL_METADATA = 'nestjs-mcp:tool';
export const MCP_RESOURCE_METADATA = 'nestjs-mcp:resource';
export const MCP_PROMPT_METADATA = 'nestjs-mcp:prompt';
export const MCP_COMPLETE_METADATA = 'nestjs-mcp:complete';
export const MCP_FIELD_METADATA = 'nestjs-mcp:field';
/** Nest's own route-arguments key: sharing it lets `createParamDecorator` decorators work on MCP handlers too. */
export const MCP_PARAM_ARGS_METADATA = '__routeArguments__';
/** What a method or class requires of the caller (`@RequireScopes`, `@RequireRoles`, `@RequireClaims`, `@Public`). */
export const MCP_ACCESS_METADATA = 'nestjs-mcp:access';
/** How `@ToolTransform` shows a tool on every server (a server's `transforms.tools` entry replaces it). */
export const MCP_TOOL_TRANSFORM_METADATA = 'nestjs-mcp:tool-transform';
