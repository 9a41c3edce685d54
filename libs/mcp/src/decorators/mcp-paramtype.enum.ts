/** Parameter kinds of MCP handlers; numbered away from Nest's HTTP `RouteParamtypes`. */
export enum McpParamtype {
  ARGS = 40,
  ARG = 41,
  CONTEXT = 42,
}
