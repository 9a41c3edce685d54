import type { ArgumentsHost, ExecutionContext } from '@nestjs/common';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host.js';
import type { McpContext } from '../interfaces/mcp-context.interface.js';
import type { McpCallInfo } from './mcp-call.js';

/**
 * The MCP view of a Nest `ExecutionContext` (like `GqlExecutionContext`): use it in guards, interceptors and
 * filters to reach the call's arguments, its `McpContext` and what is being called.
 * `context.getType()` is `'mcp'` for MCP calls.
 */
export class McpExecutionContext extends ExecutionContextHost {
  static create(context: ExecutionContext | ArgumentsHost): McpExecutionContext {
    const isExecution = 'getClass' in context;
    const host = new McpExecutionContext(
      context.getArgs(),
      isExecution ? context.getClass() : null,
      isExecution ? context.getHandler() : null,
    );
    host.setType(context.getType());
    return host;
  }

  /** The call's arguments (validated; a DTO instance when the handler takes one). */
  getArguments<T = Record<string, unknown>>(): T {
    return this.getArgByIndex(0);
  }

  getContext(): McpContext {
    return this.getArgByIndex(1);
  }

  getCall(): McpCallInfo {
    return this.getArgByIndex(2);
  }
}
