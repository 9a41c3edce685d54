import type { Icon, ToolAnnotations } from '@modelcontextprotocol/server';
import type { Type } from '@nestjs/common';

/** A DTO class, a Standard Schema (e.g. zod 4) or a raw JSON Schema object. */
export type McpSchemaInput = Type<unknown> | StandardSchemaLike | JsonSchemaObject;

export type JsonSchemaObject = { type?: unknown; $schema?: string; [key: string]: unknown };

export interface StandardSchemaLike {
  readonly '~standard': { readonly version: 1; readonly vendor: string; validate: (value: unknown) => unknown };
}

interface ComponentOptions {
  /** Defaults to the method name. */
  name?: string;
  title?: string;
  description?: string;
  icons?: Icon[];
  /** Free-form labels, exposed in `_meta.tags` and usable for filtering. */
  tags?: string[];
  _meta?: Record<string, unknown>;
  /**
   * Longest a call may run. On expiry `ctx.signal` aborts and the client gets a clear error (an `isError` result for
   * tools). Overrides `McpModule.forRoot({ timeouts })`; `0` means no limit. Task runs have their own (`timeouts.taskMs`).
   */
  timeoutMs?: number;
}

export interface ToolOptions extends ComponentOptions {
  annotations?: ToolAnnotations;
  /**
   * A semantic version (`'2.0.0'`): several tools may share a name with different versions. Lists show the highest;
   * a client calls another with `_meta: { 'io.github.nestjs-mcp/version': '1.0.0' }`.
   */
  version?: string;
  /** Input schema: replaces the schema derived from `@Args()` / `@Arg()` parameters. */
  input?: McpSchemaInput;
  /** Output schema: the result becomes validated `structuredContent` plus a JSON text block. */
  output?: McpSchemaInput;
  /**
   * Task-augmented execution: `'optional'` runs as a task when the client asks for one (2025-11-25 `params.task`)
   * or supports the tasks extension (2026-07-28); `'required'` refuses other calls. Default: never a task.
   */
  task?: 'optional' | 'required';
  /**
   * When a task call becomes a task: `'call'` (default) at once; `'manual'` when the handler calls
   * `ctx.startTask()`, so it can first ask for input synchronously.
   */
  taskStart?: 'call' | 'manual';
}

/** How long clients (and shared caches, when public) may reuse a result (2026-07-28 `ttlMs` / `cacheScope`). */
export interface McpCacheHint {
  ttlMs?: number;
  scope?: 'public' | 'private';
}

export interface ResourceOptions extends ComponentOptions {
  /** Cache hint for `resources/read` results of this resource (2026-07-28). */
  cache?: McpCacheHint;
  /** A fixed URI (`notes://index`) or an RFC 6570 template (`notes://{id}`, `files://{+path}`, `search://{?q}`). */
  uri: string;
  mimeType?: string;
  /** Size in bytes, for static resources (informational). */
  size?: number;
}

export interface PromptOptions extends ComponentOptions {
  /** Argument schema: replaces the one derived from `@Args()` / `@Arg()` parameters. */
  args?: McpSchemaInput;
}
