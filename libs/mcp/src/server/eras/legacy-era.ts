import type { CallToolResult, Server, ServerCapabilities, ServerContext } from '@modelcontextprotocol/server';
import { Inject, Injectable, Optional } from '@nestjs/common';
import type { ClientChannel } from '../../context/client-channel.js';
import { ServerRequestChannel } from '../../context/server-request-channel.js';
import { McpError } from '../../errors/mcp-error.js';
import type { TaskRecord } from '../../interfaces/task-store.interface.js';
import { MCP_TRACING, NO_TRACING, type McpTracing } from '../../pipeline/mcp-tracing.js';
import type { ToolComponent } from '../../registry/component.types.js';
import { McpTaskManager } from '../../tasks/mcp-task-manager.js';
import { legacyTaskShape, registerLegacyTaskMethods } from './legacy-tasks.js';
import type { ChannelRequest, ServerEra, TaskRequestParams } from './server-era.js';
import { sessionTaskOwner } from './task-ownership.js';

/**
 * The 2025 revisions: sessions own their tasks, a call becomes a task when its params ask for one, handlers ask
 * the client with server-to-client requests, and results carry no cache fields.
 */
@Injectable()
export class LegacyEra implements ServerEra {
  readonly name = 'legacy';
  readonly pushesChanges = true;
  readonly taskCapabilities = { tasks: { list: {}, cancel: {}, requests: { tools: { call: {} } } } } as ServerCapabilities;

  constructor(
    private readonly tasks: McpTaskManager,
    @Optional() @Inject(MCP_TRACING) private readonly tracing: McpTracing = NO_TRACING,
  ) {}

  registerTaskMethods(server: Server): void {
    registerLegacyTaskMethods(server, this.tasks);
  }

  runsAsTask(tool: ToolComponent, params: TaskRequestParams): boolean {
    if (params.task && tool.taskSupport === 'forbidden') throw McpError.methodNotFound(`Tool "${tool.name}" does not support task execution`);
    if (!params.task && tool.taskSupport === 'required') throw McpError.methodNotFound(`Tool "${tool.name}" must be called as a task`);
    return params.task !== undefined;
  }

  taskOwner(sdk: ServerContext): string | undefined {
    return sessionTaskOwner(sdk);
  }

  /** The SDK validates every `tools/call` result as a `CallToolResult` and refuses to default `content` in. */
  taskHandle(record: TaskRecord): CallToolResult {
    return { task: legacyTaskShape(record), content: [] } as unknown as CallToolResult;
  }

  clientChannel({ sdk, signal }: ChannelRequest): ClientChannel {
    return new ServerRequestChannel(sdk, signal, this.tracing);
  }

  withCacheHint<T extends object>(result: T): T {
    return result;
  }
}
