import { assertDuration } from '../decorators/timeout.decorator.js';
import type { McpTimeoutOptions } from '../interfaces/timeout-options.interface.js';
import type { McpCallInfo, McpComponentKind } from '../pipeline/mcp-call.js';
import type { McpMessage } from '../pipeline/mcp-message.js';
import { componentOfCall } from '../server/messages/message-targets.js';

type Params = Readonly<Record<string, unknown>>;

/**
 * The time limit of each component call: the component's own (worked out when it was built), else the module's
 * default for its kind. A message costs one WeakMap lookup (the message chain found the component); no reflection.
 */
export class TimeoutLimits {
  private readonly defaults: Readonly<Record<McpComponentKind, number>>;

  constructor(options: McpTimeoutOptions | undefined) {
    const given = options ?? {};
    if (typeof given !== 'object' || given === null) throw new Error('McpModule timeouts must be an object of limits in milliseconds');
    for (const key of ['toolMs', 'resourceMs', 'promptMs', 'completionMs', 'taskMs'] as const) assertDuration(given[key], `McpModule timeouts.${key}`);
    this.defaults = {
      tool: given.toolMs ?? 0,
      resource: given.resourceMs ?? 0,
      prompt: given.promptMs ?? 0,
      completion: given.completionMs ?? 0,
    };
  }

  /** The limit of the message's call in ms; 0 when it has none (or is no component call). */
  of(message: McpMessage): number {
    const call = message.call;
    if (!call) return 0;
    return componentOfCall(call)?.timeoutMs ?? this.defaults[call.kind];
  }
}

/** What a timed-out call is called in its error: `Tool "search"`, `Resource "notes://7"`, ... */
export function describeCall(call: McpCallInfo, params: Params): string {
  switch (call.kind) {
    case 'tool':
      return `Tool "${call.name}"`;
    case 'resource':
      return `Resource "${typeof params.uri === 'string' ? params.uri : call.name}"`;
    case 'prompt':
      return `Prompt "${call.name}"`;
    case 'completion':
      return `Completion of "${call.name}"`;
  }
}
