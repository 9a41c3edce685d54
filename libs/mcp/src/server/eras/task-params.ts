import { fromJsonSchema } from '@modelcontextprotocol/server';
import { McpError } from '../../errors/mcp-error.js';

/** Params of `tasks/get`, `tasks/result` and `tasks/cancel`. */
export const TASK_ID_PARAMS = fromJsonSchema<{ taskId: string }>({
  type: 'object',
  properties: { taskId: { type: 'string' } },
  required: ['taskId'],
});

export function unknownTask(taskId: string): McpError {
  return McpError.invalidParams(`Unknown task: ${taskId}`, { taskId });
}
