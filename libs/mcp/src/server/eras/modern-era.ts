import type { CallToolResult, Server, ServerCapabilities, ServerContext } from '@modelcontextprotocol/server';
import { Injectable } from '@nestjs/common';
import type { ClientChannel } from '../../context/client-channel.js';
import { InputRoundChannel } from '../../context/input-round-channel.js';
import { InputRoundStates } from '../../context/input-round-states.js';
import { NoInputChannel } from '../../context/no-input-channel.js';
import type { McpCacheHint } from '../../interfaces/component-options.interface.js';
import type { TaskRecord } from '../../interfaces/task-store.interface.js';
import { TASKS_EXTENSION } from '../../protocol/eras.js';
import { INPUT_ROUND_METHODS } from '../../protocol/input-rounds.js';
import type { ToolComponent } from '../../registry/component.types.js';
import { withCacheHint } from '../../results/cache-hints.js';
import { McpTaskManager } from '../../tasks/mcp-task-manager.js';
import { clientDeclaresTasks, modernTaskShape, registerModernTaskMethods, tasksExtensionRequired } from './modern-tasks.js';
import type { ChannelRequest, ServerEra } from './server-era.js';
import { clientTaskOwner } from './task-ownership.js';

/**
 * 2026-07-28: no sessions, so tasks belong to the authenticated client; a call becomes a task when the client
 * declares the tasks extension; handlers ask the client through input-required rounds; results carry cache hints.
 */
@Injectable()
export class ModernEra implements ServerEra {
  readonly name = 'modern';
  readonly pushesChanges = false;
  readonly taskCapabilities = { extensions: { [TASKS_EXTENSION]: {} } } as ServerCapabilities;

  constructor(
    private readonly tasks: McpTaskManager,
    private readonly inputStates: InputRoundStates,
  ) {}

  registerTaskMethods(server: Server): void {
    registerModernTaskMethods(server, this.tasks);
  }

  runsAsTask(tool: ToolComponent, _params: unknown, sdk: ServerContext): boolean {
    const declares = clientDeclaresTasks(sdk);
    if (tool.taskSupport === 'required' && !declares) {
      throw tasksExtensionRequired(`Tool "${tool.name}" runs only as a task: declare the ${TASKS_EXTENSION} extension`);
    }
    return declares && tool.taskSupport !== 'forbidden';
  }

  taskOwner(sdk: ServerContext): string | undefined {
    return clientTaskOwner(sdk);
  }

  taskHandle(record: TaskRecord): CallToolResult {
    return modernTaskShape(record) as unknown as CallToolResult;
  }

  clientChannel({ sdk, server, target, answers }: ChannelRequest): ClientChannel {
    if (answers) return new InputRoundChannel(answers, target, this.inputStates, sdk);
    if (INPUT_ROUND_METHODS.has(sdk.mcpReq.method)) return InputRoundChannel.forRequest(sdk, target, this.inputStates);
    return new NoInputChannel(server.getNegotiatedProtocolVersion());
  }

  withCacheHint<T extends object>(result: T, hint: McpCacheHint | undefined): T {
    return withCacheHint(result, hint);
  }
}
