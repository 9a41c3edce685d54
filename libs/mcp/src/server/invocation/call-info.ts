import { createHash } from 'node:crypto';
import type { ServerContext } from '@modelcontextprotocol/server';
import { mcpAuthInfoOf } from '../../access/auth-info.js';
import type { McpCaller } from '../../interfaces/mcp-module-options.interface.js';
import type { McpCallInfo } from '../../pipeline/mcp-call.js';
import type { McpComponent, PromptComponent, ToolComponent } from '../../registry/component.types.js';
import type { SchemaValidation } from '../../schema/schema-adapter.js';

/** What the enhancers of a call see of it. */
export function callInfo(method: string, component: McpComponent): McpCallInfo {
  return { method, kind: component.kind, name: component.kind === 'resource' ? component.uri : component.name };
}

/**
 * What a 2026-07-28 input round belongs to: its state is only valid for the same call with the same arguments. Worked
 * out (once) only when a round's state is minted or checked: most calls never need it.
 */
export function roundTarget(info: McpCallInfo, args: unknown): () => string {
  let target: string | undefined;
  return () => (target ??= `${info.method}:${info.name}#${digestOf(args)}`);
}

/** A digest of arguments that does not depend on the order of their keys. */
function digestOf(args: unknown): string {
  let canonical: string;
  try {
    canonical = JSON.stringify(args ?? {}, (_key, value: unknown) =>
      value && typeof value === 'object' && !Array.isArray(value) ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1))) : value,
    );
  } catch {
    canonical = 'unserializable';
  }
  return createHash('sha256').update(canonical).digest('base64url').slice(0, 22);
}

/** Validated (and, for DTOs, transformed) arguments; a component without a schema takes them as they came. */
export function validateArguments(component: ToolComponent | PromptComponent, raw: unknown, caller?: McpCaller): Promise<SchemaValidation> {
  const args = raw ?? {};
  return component.input ? component.input.validate(args, caller) : Promise.resolve({ ok: true, value: args });
}

/** Who a request acts for, worked out only if a hidden argument's `compute()` asks. */
export function callerOf(sdk: ServerContext): McpCaller {
  return new RequestCaller(sdk);
}

/** A class, not an object literal with a getter: one of those per call is measurably slower. */
class RequestCaller implements McpCaller {
  readonly sessionId: string | undefined;

  constructor(private readonly sdk: ServerContext) {
    this.sessionId = sdk.sessionId;
  }

  get auth() {
    const auth = this.sdk.http?.authInfo;
    return auth && mcpAuthInfoOf(auth);
  }
}
