import type { CallToolRequest, CallToolResult, Server, ServerCapabilities, ServerContext } from '@modelcontextprotocol/server';
import type { ClientChannel } from '../../context/client-channel.js';
import type { McpCacheHint } from '../../interfaces/component-options.interface.js';
import type { TaskRecord } from '../../interfaces/task-store.interface.js';
import type { McpEra } from '../../protocol/eras.js';
import type { ToolComponent } from '../../registry/component.types.js';

/** `tools/call` params with the 2025-11-25 task augmentation. */
export type TaskRequestParams = CallToolRequest['params'] & { task?: { ttl?: number } };

/** What an era needs to choose how one call reaches its client. */
export interface ChannelRequest {
  sdk: ServerContext;
  server: Server;
  /** The signal questions are sent under (a task's own, for task runs). */
  signal: AbortSignal;
  /** The call its input rounds belong to (`tools/call:name#<digest of the arguments>`), worked out when needed. */
  target: () => string;
  /** A task run's answers so far (given through 2026-07-28 `tasks/update`). */
  answers?: Readonly<Record<string, unknown>>;
}

/**
 * Everything that differs between the protocol eras, decided once per SDK server instance: the server is built for
 * one era and its binding carries that era's object, so nothing else tests the protocol version.
 */
export interface ServerEra {
  readonly name: McpEra;
  /**
   * Whether a server living as long as its connection pushes list_changed and resource-updated notifications
   * (2025); 2026-07-28 clients get them on `subscriptions/listen` streams instead.
   */
  readonly pushesChanges: boolean;
  /** Capabilities added when some tool can run as a task. */
  readonly taskCapabilities: ServerCapabilities;
  /** Registers this era's `tasks/*` methods. */
  registerTaskMethods(server: Server): void;
  /** Whether this `tools/call` runs as a task; throws when the call contradicts the tool's task support. */
  runsAsTask(tool: ToolComponent, params: TaskRequestParams, sdk: ServerContext): boolean;
  /** Who may see the tasks this request creates or asks about. */
  taskOwner(sdk: ServerContext): string | undefined;
  /** What a `tools/call` that became a task answers with. */
  taskHandle(record: TaskRecord): CallToolResult;
  /** How the handler of this call asks the client for input. */
  clientChannel(request: ChannelRequest): ClientChannel;
  /** The result with this era's cache fields for a resource's hint. */
  withCacheHint<T extends object>(result: T, hint: McpCacheHint | undefined): T;
}
