import type { McpParamMetadata } from '../decorators/param.decorators.js';
import type { McpSchemaInput } from '../interfaces/component-options.interface.js';
import { McpParamtype } from '../decorators/mcp-paramtype.enum.js';
import { isSchemaDto, type JsonSchema } from './dto-json-schema.js';
import { createSchemaAdapter, dtoAdapter, jsonSchemaAdapter, type SchemaAdapter } from './schema-adapter.js';

/** What the parameter decorators and reflected types of one handler say about its arguments. */
export interface HandlerParams {
  /** The type of the `@Args()` parameter, if there is one. */
  argsType?: Function;
  /** `@Arg(name)` parameters in declaration order. */
  named: { name: string; type: Function | undefined; options: McpParamMetadata['options'] }[];
}

export const NO_ARGUMENTS_SCHEMA: JsonSchema = { type: 'object', additionalProperties: false };

export function readHandlerParams(target: Function, methodName: string, metadataKey: string): HandlerParams {
  const metadata: Record<string, McpParamMetadata> = Reflect.getMetadata(metadataKey, target, methodName) ?? {};
  const paramtypes: Function[] = Reflect.getMetadata('design:paramtypes', target.prototype, methodName) ?? [];
  const params: HandlerParams = { named: [] };
  const entries = Object.entries(metadata).sort(([, a], [, b]) => a.index - b.index);
  for (const [key, entry] of entries) {
    const type = Number(key.split(':')[0]);
    if (type === McpParamtype.ARGS) params.argsType = paramtypes[entry.index];
    if (type === McpParamtype.ARG && entry.data) {
      params.named.push({ name: entry.data, type: paramtypes[entry.index], options: entry.options });
    }
  }
  return params;
}

/**
 * The argument schema of a handler: the declared one, else the `@Args()` DTO, else the `@Arg()` parameters.
 * Undefined when the handler takes no arguments at all.
 */
export function inputAdapterFor(declared: McpSchemaInput | undefined, params: HandlerParams): SchemaAdapter | undefined {
  if (declared) return createSchemaAdapter(declared);
  if (params.argsType && isSchemaDto(params.argsType)) return dtoAdapter(params.argsType as never);
  if (params.named.length) return jsonSchemaAdapter(namedParamsSchema(params.named));
  if (params.argsType) return jsonSchemaAdapter({ type: 'object' });
  return undefined;
}

/**
 * The `@Arg()` parameters that form the argument schema but say nothing of their type there (reflection saw `Object`
 * or nothing, and no `schema` option gave one): such an argument accepts any value.
 */
export function untypedArgs(declared: McpSchemaInput | undefined, params: HandlerParams): HandlerParams['named'] {
  if (declared || (params.argsType && isSchemaDto(params.argsType))) return [];
  return params.named.filter((param) => !TYPE_KEYWORDS.some((keyword) => keyword in argSchema(param)));
}

const TYPE_KEYWORDS = ['type', 'enum', 'const', 'anyOf', 'oneOf', 'allOf', '$ref'];

function namedParamsSchema(named: HandlerParams['named']): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const param of named) {
    properties[param.name] = argSchema(param);
    if (param.options?.required !== false) required.push(param.name);
  }
  return { type: 'object', properties, ...(required.length ? { required } : {}) };
}

function argSchema({ type, options }: HandlerParams['named'][number]): JsonSchema {
  return {
    ...primitiveSchema(type),
    ...(options?.description ? { description: options.description } : {}),
    ...options?.schema,
  };
}

function primitiveSchema(type: Function | undefined): JsonSchema {
  if (type === String) return { type: 'string' };
  if (type === Number) return { type: 'number' };
  if (type === Boolean) return { type: 'boolean' };
  if (type === Array) return { type: 'array' };
  if (type && type !== Object && isSchemaDto(type)) return dtoAdapter(type as never).jsonSchema;
  return {};
}
