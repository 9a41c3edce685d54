import { CLIENT_CAPABILITIES_META_KEY, RELATED_TASK_META_KEY, type ServerContext } from '@modelcontextprotocol/server';
import type { TaskRecord } from './task-store.interface.js';

/** The 2026-07-28 tasks extension (SEP-2663). */
export const TASKS_EXTENSION = 'io.modelcontextprotocol/tasks';

/** Whether this 2026-07-28 request's client capabilities include the tasks extension. */
export function clientDeclaresTasks(sdk: ServerContext): boolean {
  const capabilities = sdk.mcpReq.envelope?.[CLIENT_CAPABILITIES_META_KEY as never] as { extensions?: Record<string, unknown> } | undefined;
  return capabilities?.extensions?.[TASKS_EXTENSION] !== undefined;
}

/** Who may see a task: the 2025 session, else the authenticated client, else whoever holds its id. */
export function taskOwner(sdk: ServerContext, modern: boolean): string | undefined {
  if (!modern && sdk.sessionId) return `session:${sdk.sessionId}`;
  const clientId = sdk.http?.authInfo?.clientId;
  return clientId ? `client:${clientId}` : undefined;
}

/** 2025-11-25 `Task`. */
export function legacyTaskShape(record: TaskRecord) {
  return {
    taskId: record.taskId,
    status: record.status,
    ...(record.statusMessage ? { statusMessage: record.statusMessage } : {}),
    createdAt: record.createdAt,
    lastUpdatedAt: record.lastUpdatedAt,
    ttl: record.ttlMs,
    pollInterval: record.pollIntervalMs,
  };
}

/** 2026-07-28 flat `CreateTaskResult`. */
export function modernTaskShape(record: TaskRecord) {
  return {
    resultType: 'task',
    taskId: record.taskId,
    status: record.status,
    ...(record.statusMessage ? { statusMessage: record.statusMessage } : {}),
    createdAt: record.createdAt,
    lastUpdatedAt: record.lastUpdatedAt,
    ttlMs: record.ttlMs,
    pollIntervalMs: record.pollIntervalMs,
  };
}

/** 2026-07-28 `tasks/get` result: the task with its outcome or open questions. */
export function modernDetailedTask(record: TaskRecord) {
  const { resultType: _task, ...shape } = modernTaskShape(record);
  return {
    resultType: 'complete',
    ...shape,
    ...(record.status === 'completed' && record.result ? { result: record.result } : {}),
    ...(record.status === 'failed' && record.error ? { error: record.error } : {}),
    ...(record.status === 'input_required' && record.inputRequests ? { inputRequests: record.inputRequests } : {}),
  };
}

/** 2025-11-25 `tasks/result`: the underlying result, tagged with the task it belongs to. */
export function relatedTaskMeta(taskId: string) {
  return { [RELATED_TASK_META_KEY]: { taskId } };
}
