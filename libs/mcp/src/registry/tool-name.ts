const TOOL_NAME = /^[A-Za-z0-9_.-]{1,128}$/;

/** SEP-986: tool names are 1-128 characters of `A-Z a-z 0-9 _ . -`. */
export function assertValidToolName(name: string, source: string): void {
  if (!TOOL_NAME.test(name)) {
    throw new Error(
      `Invalid MCP tool name "${name}" on ${source}: use 1-128 characters of A-Z, a-z, 0-9, "_", "." or "-"`,
    );
  }
}
