import { UriTemplate, type Prompt, type Resource, type ResourceTemplateType, type Tool } from '@modelcontextprotocol/server';
import { VERSION_META_KEY } from '../protocol/component-versions.js';
import { mirroredParams } from '../protocol/mirrored-params.js';
import type { PromptOptions, ResourceOptions, ToolOptions } from '../interfaces/component-options.interface.js';
import type { McpAccessRequirement } from '../interfaces/auth.interface.js';
import type { McpPipeline } from '../pipeline/mcp-pipeline.factory.js';
import type { JsonSchema } from '../schema/dto-json-schema.js';
import { inputAdapterFor, NO_ARGUMENTS_SCHEMA, type HandlerParams } from '../schema/handler-input-schema.js';
import { createSchemaAdapter } from '../schema/schema-adapter.js';
import type { CompleteOptions } from '../decorators/complete.decorator.js';
import { assertDuration, timeoutMarkOf } from '../decorators/timeout.decorator.js';
import type { CompletionComponent, PromptComponent, ResourceComponent, ToolComponent } from './component.types.js';
import { isSemver } from './semver.js';
import { assertValidToolName } from './tool-name.js';

/** Where a handler comes from: its pipeline, its parameters and a name for messages. */
export interface HandlerSource {
  /** Used when the options give no name: the method name. */
  defaultName: string;
  /** For messages: `Class.method`. */
  label: string;
  params: HandlerParams;
  pipeline: McpPipeline;
  /** What the caller must have, from the access decorators of the method and its class. */
  access: McpAccessRequirement;
}

export function buildTool(options: ToolOptions, source: HandlerSource): ToolComponent {
  const name = options.name ?? source.defaultName;
  assertValidToolName(name, source.label);
  if (options.version !== undefined && !isSemver(options.version)) {
    throw new Error(`The version of tool "${name}" (${source.label}) must be a semantic version such as 2.0.0, not ${JSON.stringify(options.version)}`);
  }
  const input = inputAdapterFor(options.input, source.params);
  const output = options.output ? createSchemaAdapter(options.output) : undefined;
  if (output && output.jsonSchema.type !== 'object') {
    throw new Error(`The output schema of tool "${name}" (${source.label}) must describe an object (type: "object")`);
  }
  const descriptor: Tool = {
    name,
    ...common(options),
    inputSchema: (input?.jsonSchema ?? NO_ARGUMENTS_SCHEMA) as Tool['inputSchema'],
    ...(output ? { outputSchema: output.jsonSchema as Tool['outputSchema'] } : {}),
    ...(options.annotations ? { annotations: options.annotations } : {}),
    ...(options.task ? { execution: { taskSupport: options.task } } : {}),
  };
  if (options.version !== undefined) descriptor._meta = { ...descriptor._meta, [VERSION_META_KEY]: options.version };
  const mirrored = mirroredParams(descriptor.inputSchema as Record<string, unknown>);
  return {
    kind: 'tool',
    name,
    ...(options.version !== undefined ? { version: options.version } : {}),
    ...fromSource(source, options.tags),
    descriptor,
    input,
    output,
    taskSupport: options.task ?? 'forbidden',
    taskStart: options.taskStart ?? 'call',
    mirroredParams: mirrored,
    ...timeoutsOf(options, source, `tool "${name}"`),
  };
}

export function buildResource(options: ResourceOptions, source: HandlerSource): ResourceComponent {
  const name = options.name ?? source.defaultName;
  const template = UriTemplate.isTemplate(options.uri) ? new UriTemplate(options.uri) : undefined;
  const shared = {
    name,
    ...common(options),
    ...(options.mimeType ? { mimeType: options.mimeType } : {}),
  };
  const descriptor: Resource | ResourceTemplateType = template
    ? { ...shared, uriTemplate: options.uri }
    : { ...shared, uri: options.uri, ...(options.size !== undefined ? { size: options.size } : {}) };
  return {
    kind: 'resource',
    name,
    uri: options.uri,
    mimeType: options.mimeType,
    template,
    ...fromSource(source, options.tags),
    descriptor,
    input: undefined,
    cache: options.cache,
    ...callTimeoutOf(options, source, `resource "${options.uri}"`),
  };
}

export function buildPrompt(options: PromptOptions, source: HandlerSource): PromptComponent {
  const name = options.name ?? source.defaultName;
  const input = inputAdapterFor(options.args, source.params);
  const descriptor: Prompt = {
    name,
    ...common(options),
    ...(input ? { arguments: promptArguments(input.jsonSchema) } : {}),
  };
  return {
    kind: 'prompt',
    name,
    ...fromSource(source, options.tags),
    descriptor,
    input,
    ...callTimeoutOf(options, source, `prompt "${name}"`),
  };
}

export function buildCompletion(options: CompleteOptions, source: HandlerSource): CompletionComponent {
  const target = options.prompt !== undefined ? 'prompt' : 'resource';
  const ref = options.prompt ?? options.resource;
  if (!ref || !options.argument || (options.prompt !== undefined && options.resource !== undefined)) {
    throw new Error(`@Complete() on ${source.label} needs an argument and exactly one of prompt or resource`);
  }
  const name = `${ref}#${options.argument}`;
  return {
    kind: 'completion',
    name,
    target,
    ref,
    argument: options.argument,
    ...fromSource(source),
    ...callTimeoutOf({}, source, `completion "${name}"`),
  };
}

/** What every component takes from where its handler comes from. */
function fromSource(source: HandlerSource, tags: readonly string[] = []) {
  return { source: source.label, tags, pipeline: source.pipeline, access: source.access };
}

/** A call's own limit: the option, else `@McpTimeout()` of the method, then of its class; checked once, here. */
function callTimeoutOf(options: { timeoutMs?: number }, source: HandlerSource, what: string, mark = timeoutMarkOfSource(source)): { timeoutMs?: number } {
  assertDuration(options.timeoutMs, `timeoutMs of ${what} (${source.label})`);
  const timeoutMs = options.timeoutMs ?? mark.ms;
  return timeoutMs !== undefined ? { timeoutMs } : {};
}

/** A tool's call limit and its task-run limit (`@McpTimeout({ taskMs })`). */
function timeoutsOf(options: ToolOptions, source: HandlerSource, what: string): { timeoutMs?: number; taskTimeoutMs?: number } {
  const mark = timeoutMarkOfSource(source);
  return { ...callTimeoutOf(options, source, what, mark), ...(mark.taskMs !== undefined ? { taskTimeoutMs: mark.taskMs } : {}) };
}

function timeoutMarkOfSource(source: HandlerSource) {
  return timeoutMarkOf(source.pipeline.handler, source.pipeline.hostClass);
}

function common(options: ToolOptions | ResourceOptions | PromptOptions) {
  const meta = { ...options._meta, ...(options.tags?.length ? { tags: options.tags } : {}) };
  return {
    ...(options.title ? { title: options.title } : {}),
    ...(options.description ? { description: options.description } : {}),
    ...(options.icons ? { icons: options.icons } : {}),
    ...(Object.keys(meta).length ? { _meta: meta } : {}),
  };
}

function promptArguments(schema: JsonSchema): Prompt['arguments'] {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((schema.required as string[] | undefined) ?? []);
  return Object.entries(properties).map(([name, property]) => ({
    name,
    ...(typeof property.title === 'string' ? { title: property.title } : {}),
    ...(typeof property.description === 'string' ? { description: property.description } : {}),
    required: required.has(name),
  }));
}
