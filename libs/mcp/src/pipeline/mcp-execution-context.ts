import type { ArgumentsHost, ExecutionContext } from '@nestjs/common';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host.js';
import type { McpContext } from '../interfaces/mcp-context.interface.js';
import type { McpCallInfo } from './mcp-call.js';
import { MCP_LIST_KEYS, type McpMessage } from './mcp-message.js';

/**
 * The MCP view of a Nest `ExecutionContext` (like `GqlExecutionContext`): use it in guards, interceptors and
 * filters to reach the call's arguments, its `McpContext` and what is being called.
 * `context.getType()` is `'mcp'` for MCP calls and for the messages MCP middleware wraps.
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

  /**
   * The call's arguments: validated (a DTO instance when the handler takes one) in a component's own enhancers; as
   * received in MCP middleware (a resource's URI variables, the params of messages that are not component calls).
   */
  getArguments<T = Record<string, unknown>>(): T {
    return this.getArgByIndex(0);
  }

  /** The call's `McpContext`; undefined for client notifications. */
  getContext(): McpContext {
    return this.getArgByIndex(1);
  }

  /** The component being called; undefined in MCP middleware for messages that are not component calls. */
  getCall(): McpCallInfo {
    return this.getArgByIndex(2);
  }

  /** The MCP message: method, request or notification, params, era, transport, signal. */
  getMessage(): McpMessage {
    return this.getArgByIndex(3) ?? messageOfCall(this.getContext(), this.getCall());
  }
}

/** What a component's own enhancers see as the message: the request that called it. */
function messageOfCall(context: McpContext, call: McpCallInfo): McpMessage {
  return {
    method: context.method,
    type: 'request',
    requestId: context.requestId,
    params: {},
    call,
    list: MCP_LIST_KEYS[context.method as keyof typeof MCP_LIST_KEYS],
    era: context.era,
    transport: context.transport,
    protocolVersion: context.protocolVersion,
    sessionId: context.session.id,
    signal: context.signal,
    abort: () => undefined,
  };
}
