import { ProtocolError, RELATED_TASK_META_KEY, type Server } from '@modelcontextprotocol/server';
import { McpError } from '../../errors/mcp-error.js';
import { TERMINAL_TASK_STATUSES, type TaskRecord } from '../../interfaces/task-store.interface.js';
import { lazyJsonSchema } from '../../schema/lazy-json-schema.js';
import type { McpTaskManager } from '../../tasks/mcp-task-manager.js';
import { TASK_ID_PARAMS, unknownTask } from './task-params.js';
import { sessionTaskOwner } from './task-ownership.js';

const LIST_PARAMS = lazyJsonSchema<{ cursor?: string } | undefined>({ type: 'object', properties: { cursor: { type: 'string' } } });

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

/** The 2025-11-25 core task methods: `tasks/get`, `tasks/list`, `tasks/cancel`, `tasks/result`. */
export function registerLegacyTaskMethods(server: Server, tasks: McpTaskManager): void {
  const find = async (taskId: string, owner: string | undefined): Promise<TaskRecord> => {
    const record = await tasks.get(taskId, owner);
    if (!record) throw unknownTask(taskId);
    return record;
  };
  server.setRequestHandler('tasks/get', { params: TASK_ID_PARAMS }, async (params, ctx) => legacyTaskShape(await find(params.taskId, sessionTaskOwner(ctx))));
  server.setRequestHandler('tasks/list', { params: LIST_PARAMS }, async (params, ctx) => {
    const page = await tasks.list(sessionTaskOwner(ctx), params?.cursor);
    return { tasks: page.tasks.map(legacyTaskShape), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
  });
  server.setRequestHandler('tasks/cancel', { params: TASK_ID_PARAMS }, async (params, ctx) => {
    const record = await find(params.taskId, sessionTaskOwner(ctx));
    if (TERMINAL_TASK_STATUSES.has(record.status)) throw McpError.invalidParams(`Task ${record.taskId} is already ${record.status}`);
    return legacyTaskShape((await tasks.cancel(record.taskId, record.owner)) ?? record);
  });
  server.setRequestHandler('tasks/result', { params: TASK_ID_PARAMS }, async (params, ctx) => {
    const record = await tasks.whenTerminal(params.taskId, sessionTaskOwner(ctx));
    if (!record) throw unknownTask(params.taskId);
    if (record.status === 'failed' && record.error) throw new ProtocolError(record.error.code, record.error.message, record.error.data);
    if (record.status === 'cancelled') throw McpError.invalidRequest(`Task ${record.taskId} was cancelled`);
    const result = record.result ?? { content: [] };
    return { ...result, _meta: { ...result._meta, [RELATED_TASK_META_KEY]: { taskId: record.taskId } } };
  });
}
