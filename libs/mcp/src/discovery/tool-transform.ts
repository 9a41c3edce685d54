import type { Tool } from '@modelcontextprotocol/server';
import type { McpArgumentTransform, McpCaller, McpToolTransform } from '../interfaces/mcp-module-options.interface.js';
import { isPlainObject } from '../protocol/json-rpc-shape.js';
import { mirroredParams } from '../protocol/mirrored-params.js';
import type { ToolComponent } from '../registry/component.types.js';
import { assertValidToolName } from '../registry/tool-name.js';
import type { SchemaAdapter } from '../schema/schema-adapter.js';

type JsonObject = Record<string, unknown>;

const NO_CALLER: McpCaller = { auth: undefined, sessionId: undefined };

/**
 * The tool as `transform` shows it: another name, title, description or annotations, and arguments renamed,
 * described or hidden. Clients see the new schema; a call's arguments are mapped back (hidden ones filled in) and
 * validated by the tool's own schema, so the handler and its pipeline are unchanged. `what` names the transform in
 * errors: `transform of tool "addNote"` (options) or `@ToolTransform of tool "addNote" (Notes.addNote)`.
 */
export function transformTool(tool: ToolComponent, transform: McpToolTransform, what: string): ToolComponent {
  assertTransformShape(transform, what);
  const name = transform.name ?? tool.name;
  assertValidToolName(name, `the ${what}`);
  const argumentTransforms = transform.arguments ?? {};
  const schema = tool.descriptor.inputSchema as JsonObject;
  const properties = (schema.properties ?? {}) as JsonObject;
  for (const argument of Object.keys(argumentTransforms)) {
    if (!Object.hasOwn(properties, argument)) throw new Error(`The ${what} names an argument it does not have: "${argument}"`);
  }
  const inputSchema = transformedSchema(schema, argumentTransforms, what);
  const descriptor: Tool = {
    ...tool.descriptor,
    name,
    ...(transform.title !== undefined ? { title: transform.title } : {}),
    ...(transform.description !== undefined ? { description: transform.description } : {}),
    ...(transform.annotations !== undefined ? { annotations: transform.annotations } : {}),
    inputSchema: inputSchema as Tool['inputSchema'],
  };
  const input = tool.input && Object.keys(argumentTransforms).length ? mappedInput(tool.input, inputSchema, argumentTransforms) : tool.input;
  return { ...tool, name, descriptor, input, mirroredParams: mirroredParams(inputSchema) };
}

/** What the types promise, checked for JavaScript callers: objects where objects go, a function for compute(). */
function assertTransformShape(transform: unknown, what: string): asserts transform is McpToolTransform {
  if (!isPlainObject(transform)) throw new Error(`The ${what} must be an object: { name?, title?, description?, annotations?, arguments? }`);
  if (transform.arguments === undefined) return;
  if (!isPlainObject(transform.arguments)) throw new Error(`The ${what} must give its arguments as an object, by argument name`);
  for (const [argument, argumentTransform] of Object.entries(transform.arguments)) {
    if (!isPlainObject(argumentTransform)) throw new Error(`The ${what} must describe "${argument}" with an object: { name?, description?, hide?, value?, compute? }`);
    if (argumentTransform.compute !== undefined && typeof argumentTransform.compute !== 'function') throw new Error(`The ${what} gives "${argument}" a compute that is not a function`);
  }
}

function transformedSchema(schema: JsonObject, transforms: Record<string, McpArgumentTransform>, what: string): JsonObject {
  const properties = (schema.properties ?? {}) as JsonObject;
  const shown: JsonObject = {};
  for (const [argument, property] of Object.entries(properties)) {
    const transform = ownTransform(transforms, argument);
    if (transform?.hide) {
      if (transform.value === undefined && transform.compute === undefined) throw new Error(`The ${what} hides "${argument}" without a value or compute()`);
      continue;
    }
    const shownName = transform?.name ?? argument;
    if (Object.hasOwn(shown, shownName)) throw new Error(`The ${what} gives two arguments the name "${shownName}"`);
    shown[shownName] = transform?.description !== undefined ? { ...(property as JsonObject), description: transform.description } : property;
  }
  const required = Array.isArray(schema.required) ? (schema.required as string[]) : [];
  const shownRequired = required.filter((argument) => !ownTransform(transforms, argument)?.hide).map((argument) => ownTransform(transforms, argument)?.name ?? argument);
  const { required: _required, ...rest } = schema;
  return { ...rest, properties: shown, ...(shownRequired.length ? { required: shownRequired } : {}) };
}

/** An argument's own transform: a property named `constructor` must not find Object's. */
function ownTransform(transforms: Record<string, McpArgumentTransform>, argument: string): McpArgumentTransform | undefined {
  return Object.hasOwn(transforms, argument) ? transforms[argument] : undefined;
}

/** Validates with the tool's own schema after mapping the shown names back and filling in the hidden arguments. */
function mappedInput(original: SchemaAdapter, jsonSchema: JsonObject, transforms: Record<string, McpArgumentTransform>): SchemaAdapter {
  const renamed = Object.entries(transforms).filter(([argument, transform]) => transform.name !== undefined && transform.name !== argument && !transform.hide);
  const hidden = Object.entries(transforms).filter(([, transform]) => transform.hide);
  return {
    jsonSchema,
    async validate(value: unknown, caller?: McpCaller) {
      if (!isPlainObject(value)) return original.validate(value);
      const args: JsonObject = { ...value };
      // The original names of renamed or hidden arguments are not the tool's inputs any more.
      for (const [argument] of [...renamed, ...hidden]) delete args[argument];
      for (const [argument, transform] of renamed) {
        if (Object.hasOwn(args, transform.name!)) {
          args[argument] = args[transform.name!];
          delete args[transform.name!];
        }
      }
      for (const [argument, transform] of hidden) args[argument] = transform.compute ? await transform.compute(caller ?? NO_CALLER) : transform.value;
      return original.validate(args);
    },
  };
}
