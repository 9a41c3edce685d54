import type { McpCallInfo } from '../../pipeline/mcp-call.js';
import type { McpComponent, PromptComponent, ToolComponent } from '../../registry/component.types.js';
import type { SchemaValidation } from '../../schema/schema-adapter.js';

/** What the enhancers of a call see of it. */
export function callInfo(method: string, component: McpComponent): McpCallInfo {
  return { method, kind: component.kind, name: component.kind === 'resource' ? component.uri : component.name };
}

/** What a 2026-07-28 input round belongs to: its state is only valid for the same call. */
export function roundTarget(info: McpCallInfo): string {
  return `${info.method}:${info.name}`;
}

/** Validated (and, for DTOs, transformed) arguments; a component without a schema takes them as they came. */
export function validateArguments(component: ToolComponent | PromptComponent, raw: unknown): Promise<SchemaValidation> {
  const args = raw ?? {};
  return component.input ? component.input.validate(args) : Promise.resolve({ ok: true, value: args });
}
