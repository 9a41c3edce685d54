import { McpError } from '../../errors/mcp-error.js';
import { taskParamsSchema } from './task-params-schema.js';

/** Params of `tasks/get`, `tasks/result` and `tasks/cancel`. */
export const TASK_ID_PARAMS = taskParamsSchema<{ taskId: string }>({ taskId: 'string' });

export function unknownTask(taskId: string): McpError {
  return McpError.invalidParams(`Unknown task: ${taskId}`, { taskId });
}
