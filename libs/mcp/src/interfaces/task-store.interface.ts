import type { CallToolResult, InputRequest } from '@modelcontextprotocol/server';

export type McpTaskStatus = 'working' | 'input_required' | 'completed' | 'failed' | 'cancelled';

export const TERMINAL_TASK_STATUSES: ReadonlySet<McpTaskStatus> = new Set(['completed', 'failed', 'cancelled']);

/** A task-augmented tool call, as stored (shared by every instance with a shared store). */
export interface TaskRecord {
  taskId: string;
  toolName: string;
  status: McpTaskStatus;
  statusMessage?: string;
  /** ISO 8601. */
  createdAt: string;
  lastUpdatedAt: string;
  /** How long the task is kept after it was created; null = until the server forgets it. */
  ttlMs: number | null;
  pollIntervalMs: number;
  /** The instance running it: if that instance dies, the task is reported as failed. */
  instanceId?: string;
  /**
   * Who may see it: the 2025 session (`session:<id>`), the authenticated principal (`principalOf(auth)`), or
   * undefined: anyone holding the task's id, and it is never listed.
   */
  owner?: string;
  /** Set when completed (tool results with `isError` included). */
  result?: CallToolResult;
  /** Set when failed: a protocol error of the underlying call. */
  error?: { code: number; message: string; data?: unknown };
  /** Set while input_required (2026-07-28 tasks): the questions still open, by key. */
  inputRequests?: Record<string, InputRequest>;
  /** Answers gathered so far (2026-07-28 tasks), replayed into the handler. */
  inputResponses?: Record<string, unknown>;
}

/** Where task records live. In memory by default; a shared store lets any instance answer tasks/get. */
export interface TaskStore {
  create(record: TaskRecord): Promise<void>;
  get(taskId: string): Promise<TaskRecord | undefined>;
  update(taskId: string, patch: Partial<Omit<TaskRecord, 'taskId'>>): Promise<TaskRecord | undefined>;
  /**
   * Tasks of one owner, oldest first, from `cursor` (an opaque string this store minted). Ownerless tasks are never
   * listed: `owner` undefined gives none.
   */
  list(owner: string | undefined, cursor: string | undefined, limit: number): Promise<{ tasks: TaskRecord[]; nextCursor?: string }>;
  delete(taskId: string): Promise<void>;
}

export const MCP_TASK_STORE = Symbol('MCP_TASK_STORE');
