import type { Prompt, Resource, ResourceTemplateType, Tool, UriTemplate } from '@modelcontextprotocol/server';
import type { MirroredParam } from '../protocol/mirrored-params.js';
import type { McpAccessRequirement } from '../interfaces/auth.interface.js';
import type { McpCacheHint } from '../interfaces/component-options.interface.js';
import type { McpPipeline } from '../pipeline/mcp-pipeline.factory.js';
import type { SchemaAdapter } from '../schema/schema-adapter.js';

interface ComponentBase {
  readonly name: string;
  /** Where it came from, for error messages: `NotesTools.addNote` or `dynamic`. */
  readonly source: string;
  readonly tags: readonly string[];
  readonly pipeline: McpPipeline;
  /** What the caller must have (`@RequireScopes`, `@RequireRoles`, `@RequireClaims`, `@Public`). */
  readonly access: McpAccessRequirement;
  /** Own time limit of a call: the `timeoutMs` option, else `@McpTimeout()` on the method, then its class (0 = none). */
  readonly timeoutMs?: number;
}

export interface ToolComponent extends ComponentBase {
  readonly kind: 'tool';
  /** Its semantic version, when it has one (several versions of a name may be registered). */
  readonly version?: string;
  /** The `tools/list` entry, built once. */
  readonly descriptor: Tool;
  /** Undefined when the tool takes no arguments. */
  readonly input: SchemaAdapter | undefined;
  readonly output: SchemaAdapter | undefined;
  readonly taskSupport: 'forbidden' | 'optional' | 'required';
  readonly taskStart: 'call' | 'manual';
  /** Parameters mirrored in `Mcp-Param-*` headers by 2026-07-28 clients. */
  readonly mirroredParams: readonly MirroredParam[];
  /** Own time limit of a task run: `@McpTimeout({ taskMs })` on the method, then its class (0 = none). */
  readonly taskTimeoutMs?: number;
}

export interface ResourceComponent extends ComponentBase {
  readonly kind: 'resource';
  readonly uri: string;
  readonly mimeType: string | undefined;
  /** Set for RFC 6570 templates. */
  readonly template: UriTemplate | undefined;
  readonly descriptor: Resource | ResourceTemplateType;
  readonly input: SchemaAdapter | undefined;
  readonly cache: McpCacheHint | undefined;
}

export interface PromptComponent extends ComponentBase {
  readonly kind: 'prompt';
  readonly descriptor: Prompt;
  readonly input: SchemaAdapter | undefined;
}

export interface CompletionComponent extends ComponentBase {
  readonly kind: 'completion';
  /** `prompt` or `resource` (template) the completed argument belongs to. */
  readonly target: 'prompt' | 'resource';
  /** The prompt name or the resource URI template. */
  readonly ref: string;
  readonly argument: string;
}

export type McpComponent = ToolComponent | ResourceComponent | PromptComponent | CompletionComponent;

export function completionKey(target: 'prompt' | 'resource', ref: string, argument: string): string {
  return `${target}\u0000${ref}\u0000${argument}`;
}
