import {
  fromJsonSchema,
  MissingRequiredClientCapabilityError,
  ProtocolError,
  type Server,
  type ServerContext,
} from '@modelcontextprotocol/server';
import { Injectable } from '@nestjs/common';
import { McpError } from '../errors/mcp-error.js';
import { McpTaskManager } from '../tasks/mcp-task-manager.js';
import type { TaskRecord } from '../tasks/task-store.interface.js';
import { TERMINAL_TASK_STATUSES } from '../tasks/task-store.interface.js';
import {
  clientDeclaresTasks,
  legacyTaskShape,
  modernDetailedTask,
  relatedTaskMeta,
  taskOwner,
  TASKS_EXTENSION,
} from '../tasks/task-wire.js';

const TASK_ID_PARAMS = fromJsonSchema<{ taskId: string }>({
  type: 'object',
  properties: { taskId: { type: 'string' } },
  required: ['taskId'],
});
const UPDATE_PARAMS = fromJsonSchema<{ taskId: string; inputResponses?: Record<string, unknown> }>({
  type: 'object',
  properties: { taskId: { type: 'string' }, inputResponses: { type: 'object' } },
  required: ['taskId'],
});
const LIST_PARAMS = fromJsonSchema<{ cursor?: string } | undefined>({ type: 'object', properties: { cursor: { type: 'string' } } });
const ACK = { resultType: 'complete' };

/** The `tasks/*` methods: 2025-11-25 core tasks and the 2026-07-28 tasks extension. */
@Injectable()
export class McpTaskMethods {
  constructor(private readonly tasks: McpTaskManager) {}

  registerLegacy(server: Server): void {
    server.setRequestHandler('tasks/get', { params: TASK_ID_PARAMS }, async (params, ctx) => legacyTaskShape(await this.find(params.taskId, ctx, false)));
    server.setRequestHandler('tasks/list', { params: LIST_PARAMS }, async (params, ctx) => {
      const page = await this.tasks.list(taskOwner(ctx, false), params?.cursor);
      return { tasks: page.tasks.map(legacyTaskShape), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
    });
    server.setRequestHandler('tasks/cancel', { params: TASK_ID_PARAMS }, async (params, ctx) => {
      const record = await this.find(params.taskId, ctx, false);
      if (TERMINAL_TASK_STATUSES.has(record.status)) throw McpError.invalidParams(`Task ${record.taskId} is already ${record.status}`);
      return legacyTaskShape((await this.tasks.cancel(record.taskId, record.owner)) ?? record);
    });
    server.setRequestHandler('tasks/result', { params: TASK_ID_PARAMS }, async (params, ctx) => {
      const record = await this.tasks.whenTerminal(params.taskId, taskOwner(ctx, false));
      if (!record) throw unknownTask(params.taskId);
      if (record.status === 'failed' && record.error) throw new ProtocolError(record.error.code, record.error.message, record.error.data);
      if (record.status === 'cancelled') throw McpError.invalidRequest(`Task ${record.taskId} was cancelled`);
      const result = record.result ?? { content: [] };
      return { ...result, _meta: { ...result._meta, ...relatedTaskMeta(record.taskId) } };
    });
  }

  registerModern(server: Server): void {
    server.setRequestHandler('tasks/get', { params: TASK_ID_PARAMS }, async (params, ctx) => {
      this.assertDeclared(ctx);
      return modernDetailedTask(await this.find(params.taskId, ctx, true));
    });
    server.setRequestHandler('tasks/update', { params: UPDATE_PARAMS }, async (params, ctx) => {
      this.assertDeclared(ctx);
      // The SDK lifts `inputResponses` out of the params (as for any multi-round-trip request).
      const responses = params.inputResponses ?? ctx.mcpReq.inputResponses ?? {};
      if (!(await this.tasks.answer(params.taskId, taskOwner(ctx, true), responses))) throw unknownTask(params.taskId);
      return ACK;
    });
    server.setRequestHandler('tasks/cancel', { params: TASK_ID_PARAMS }, async (params, ctx) => {
      this.assertDeclared(ctx);
      if (!(await this.tasks.cancel(params.taskId, taskOwner(ctx, true)))) throw unknownTask(params.taskId);
      return ACK;
    });
  }

  private async find(taskId: string, ctx: ServerContext, modern: boolean): Promise<TaskRecord> {
    const record = await this.tasks.get(taskId, taskOwner(ctx, modern));
    if (!record) throw unknownTask(taskId);
    return record;
  }

  /** Task methods answer only clients that declare the extension, before anything else is checked. */
  private assertDeclared(ctx: ServerContext): void {
    if (!clientDeclaresTasks(ctx)) {
      throw new MissingRequiredClientCapabilityError(
        { requiredCapabilities: { extensions: { [TASKS_EXTENSION]: {} } } } as never,
        `Declare the ${TASKS_EXTENSION} extension to use tasks`,
      );
    }
  }
}

function unknownTask(taskId: string): McpError {
  return McpError.invalidParams(`Unknown task: ${taskId}`, { taskId });
}
