/**
 * Default time limits of calls, by kind (`McpModule.forRoot({ timeouts })`). A component's own limit wins:
 * `@Tool({ timeoutMs })` (and `@Resource`, `@Prompt`), then `@McpTimeout()` on the method, then on its class.
 * `0` or absent = no limit.
 */
export interface McpTimeoutOptions {
  toolMs?: number;
  resourceMs?: number;
  promptMs?: number;
  completionMs?: number;
  /**
   * Limit of a tool's task run, from the task's creation to its result (`@McpTimeout({ taskMs })` overrides it).
   * A task-augmented `tools/call` answers with the task at once, so the call limits above never cut a task run.
   */
  taskMs?: number;
}
