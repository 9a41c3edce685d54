import {
  CLIENT_CAPABILITIES_META_KEY,
  MissingRequiredClientCapabilityError,
  type Server,
  type ServerContext,
} from '@modelcontextprotocol/server';
import type { TaskRecord } from '../../interfaces/task-store.interface.js';
import { TASKS_EXTENSION } from '../../protocol/eras.js';
import type { McpTaskManager } from '../../tasks/mcp-task-manager.js';
import { TASK_ID_PARAMS, unknownTask } from './task-params.js';
import { taskParamsSchema } from './task-params-schema.js';
import { clientTaskOwner } from './task-ownership.js';

const UPDATE_PARAMS = taskParamsSchema<{ taskId: string; inputResponses?: Record<string, unknown> }>({ taskId: 'string' }, { inputResponses: 'object' });
const ACK = { resultType: 'complete' };

/** Whether this 2026-07-28 request's client capabilities include the tasks extension. */
export function clientDeclaresTasks(sdk: ServerContext): boolean {
  const capabilities = sdk.mcpReq.envelope?.[CLIENT_CAPABILITIES_META_KEY as never] as { extensions?: Record<string, unknown> } | undefined;
  return capabilities?.extensions?.[TASKS_EXTENSION] !== undefined;
}

/** The refusal of a request that needs the tasks extension from a client that did not declare it. */
export function tasksExtensionRequired(message: string): MissingRequiredClientCapabilityError {
  return new MissingRequiredClientCapabilityError({ requiredCapabilities: { extensions: { [TASKS_EXTENSION]: {} } } } as never, message);
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
function modernDetailedTask(record: TaskRecord) {
  const { resultType: _task, ...shape } = modernTaskShape(record);
  return {
    resultType: 'complete',
    ...shape,
    ...(record.status === 'completed' && record.result ? { result: record.result } : {}),
    ...(record.status === 'failed' && record.error ? { error: record.error } : {}),
    ...(record.status === 'input_required' && record.inputRequests ? { inputRequests: record.inputRequests } : {}),
  };
}

/** The 2026-07-28 tasks extension: `tasks/get`, `tasks/update`, `tasks/cancel`, only for clients that declare it. */
export function registerModernTaskMethods(server: Server, tasks: McpTaskManager): void {
  const assertDeclared = (ctx: ServerContext) => {
    if (!clientDeclaresTasks(ctx)) throw tasksExtensionRequired(`Declare the ${TASKS_EXTENSION} extension to use tasks`);
  };
  server.setRequestHandler('tasks/get', { params: TASK_ID_PARAMS }, async (params, ctx) => {
    assertDeclared(ctx);
    const record = await tasks.get(params.taskId, clientTaskOwner(ctx));
    if (!record) throw unknownTask(params.taskId);
    return modernDetailedTask(record);
  });
  server.setRequestHandler('tasks/update', { params: UPDATE_PARAMS }, async (params, ctx) => {
    assertDeclared(ctx);
    // The SDK lifts `inputResponses` out of the params (as for any multi-round-trip request).
    const responses = params.inputResponses ?? ctx.mcpReq.inputResponses ?? {};
    if (!(await tasks.answer(params.taskId, clientTaskOwner(ctx), responses))) throw unknownTask(params.taskId);
    return ACK;
  });
  server.setRequestHandler('tasks/cancel', { params: TASK_ID_PARAMS }, async (params, ctx) => {
    assertDeclared(ctx);
    if (!(await tasks.cancel(params.taskId, clientTaskOwner(ctx)))) throw unknownTask(params.taskId);
    return ACK;
  });
}
