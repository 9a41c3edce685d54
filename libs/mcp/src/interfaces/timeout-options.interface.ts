/** Default time limits of calls, by kind; `@Tool({ timeoutMs })` (and `@Resource`, `@Prompt`) overrides them. 0 = none. */
export interface McpTimeoutOptions {
  toolMs?: number;
  resourceMs?: number;
  promptMs?: number;
  completionMs?: number;
  /** Limit of a tool's task run (from creation to result). Default: none. */
  taskMs?: number;
}
