import type { McpCallInfo } from '../../pipeline/mcp-call.js';
import { requestedVersion } from '../../protocol/component-versions.js';
import type { McpPipeline } from '../../pipeline/mcp-pipeline.factory.js';
import type { McpComponent } from '../../registry/component.types.js';
import type { McpRegistry } from '../../registry/mcp-registry.js';
import { callInfo } from '../invocation/call-info.js';

/** The component a request addresses, as MCP middleware sees it, and the arguments it sees. */
export interface MessageTarget {
  call: McpCallInfo | undefined;
  pipeline: McpPipeline | undefined;
  args: Record<string, unknown>;
}

type Params = Record<string, unknown>;

/** The component each message's `call` was made for (kept as long as the message's call info is). */
const componentsOfCalls = new WeakMap<McpCallInfo, McpComponent>();

/** The component the message chain found for a message's `call`: built-in middleware need no lookup of their own. */
export function componentOfCall(call: McpCallInfo): McpComponent | undefined {
  return componentsOfCalls.get(call);
}

/** Looks up the component of a `tools/call`, `resources/read`, `prompts/get` or `completion/complete` (params unvalidated). */
export function targetOf(registry: McpRegistry, method: string, params: Params): MessageTarget {
  switch (method) {
    case 'tools/call':
      return withArguments(method, typeof params.name === 'string' ? registry.getTool(params.name, requestedVersion(params)) : undefined, params);
    case 'prompts/get':
      return withArguments(method, typeof params.name === 'string' ? registry.getPrompt(params.name) : undefined, params);
    case 'resources/read': {
      const found = typeof params.uri === 'string' ? registry.findResource(params.uri) : undefined;
      return found ? { call: callOf(method, found.resource), pipeline: found.resource.pipeline, args: found.variables } : untargeted(params);
    }
    case 'completion/complete':
      return withArguments(method, completerOf(registry, params), params);
    default:
      return untargeted(params);
  }
}

function withArguments(method: string, component: McpComponent | undefined, params: Params): MessageTarget {
  if (!component) return untargeted(params);
  const args = isRecord(params.arguments) ? params.arguments : component.kind === 'completion' ? params : {};
  return { call: callOf(method, component), pipeline: component.pipeline, args };
}

function callOf(method: string, component: McpComponent): McpCallInfo {
  const call = callInfo(method, component);
  componentsOfCalls.set(call, component);
  return call;
}

function completerOf(registry: McpRegistry, params: Params): McpComponent | undefined {
  const { ref, argument } = params;
  if (!isRecord(ref) || !isRecord(argument) || typeof argument.name !== 'string') return undefined;
  if (ref.type === 'ref/prompt' && typeof ref.name === 'string') return registry.getCompletion('prompt', ref.name, argument.name);
  if (ref.type === 'ref/resource' && typeof ref.uri === 'string') return registry.getCompletion('resource', ref.uri, argument.name);
  return undefined;
}

function untargeted(params: Params): MessageTarget {
  return { call: undefined, pipeline: undefined, args: params };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
