import type { McpComponent } from '../registry/component.types.js';
import { requestedVersion } from '../protocol/component-versions.js';
import type { McpRegistry } from '../registry/mcp-registry.js';

/** What the requests of a body call: the components whose requirements decide whether the caller gets in. */
export interface RequestTargets {
  readonly components: readonly McpComponent[];
  /** Component calls naming nothing this server has (or not naming it properly). */
  readonly unresolved: number;
  /** Requests that are not component calls (initialize, lists, ping, tasks, ...). */
  readonly others: number;
}

const NO_TARGETS: RequestTargets = { components: [], unresolved: 0, others: 0 };
const COMPONENT_METHODS = new Set(['tools/call', 'prompts/get', 'resources/read', 'completion/complete']);

/** The components called by a body's requests (a batch is looked at as a whole); unknown names call nothing. */
export function requestTargets(body: unknown, registry: McpRegistry): RequestTargets {
  if (body === undefined) return NO_TARGETS;
  const messages = Array.isArray(body) ? body : [body];
  const components: McpComponent[] = [];
  let unresolved = 0;
  let others = 0;
  for (const message of messages) {
    if (!isRequest(message)) continue;
    const component = targetOf(message.method, message.params, registry);
    if (component) components.push(component);
    else if (COMPONENT_METHODS.has(message.method)) unresolved++;
    else others++;
  }
  return { components, unresolved, others };
}

function targetOf(method: string, params: unknown, registry: McpRegistry): McpComponent | undefined {
  if (typeof params !== 'object' || params === null) return undefined;
  const { name, uri, ref, argument } = params as Record<string, unknown>;
  switch (method) {
    case 'tools/call':
      return typeof name === 'string' ? registry.getTool(name, requestedVersion(params)) : undefined;
    case 'prompts/get':
      return typeof name === 'string' ? registry.getPrompt(name) : undefined;
    case 'resources/read':
      return typeof uri === 'string' ? registry.findResource(uri)?.resource : undefined;
    case 'completion/complete':
      return completionTarget(ref, argument, registry);
    default:
      return undefined;
  }
}

function completionTarget(ref: unknown, argument: unknown, registry: McpRegistry): McpComponent | undefined {
  if (typeof ref !== 'object' || ref === null || typeof argument !== 'object' || argument === null) return undefined;
  const { type, name, uri } = ref as Record<string, unknown>;
  const argumentName = (argument as Record<string, unknown>).name;
  if (typeof argumentName !== 'string') return undefined;
  if (type === 'ref/prompt' && typeof name === 'string') return registry.getCompletion('prompt', name, argumentName);
  if (type === 'ref/resource' && typeof uri === 'string') return registry.getCompletion('resource', uri, argumentName);
  return undefined;
}

function isRequest(message: unknown): message is { method: string; params?: unknown; id: unknown } {
  if (typeof message !== 'object' || message === null) return false;
  const { method, id } = message as Record<string, unknown>;
  return typeof method === 'string' && (typeof id === 'string' || typeof id === 'number');
}
