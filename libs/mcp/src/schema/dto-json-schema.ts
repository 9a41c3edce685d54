import type { Type } from '@nestjs/common';
import { defaultMetadataStorage } from 'class-transformer/cjs/storage.js';
import { getMetadataStorage } from 'class-validator/cjs/metadata/MetadataStorage.js';
import { getFieldOptions, type FieldOptions } from '../decorators/field.decorator.js';
import { constraintToSchema, type ValidationMetadata } from './validation-constraints.js';

export type JsonSchema = Record<string, unknown>;

const MAX_DEPTH = 8;

/**
 * Derives a JSON Schema 2020-12 object schema from a DTO class: its class-validator decorators, reflected
 * property types, class-transformer `@Type()` hints, `@Field()` documentation and property initializers (defaults).
 */
export function dtoToJsonSchema(dto: Type<unknown>): JsonSchema {
  return objectSchema(dto, new Set(), 0);
}

/** True when the DTO declares at least one documented or validated property. */
export function isSchemaDto(value: unknown): value is Type<unknown> {
  if (typeof value !== 'function' || isBuiltinType(value)) return false;
  return propertyNames(value as Type<unknown>).length > 0;
}

function objectSchema(dto: Type<unknown>, seen: Set<Function>, depth: number): JsonSchema {
  if (seen.has(dto) || depth > MAX_DEPTH) return { type: 'object' };
  seen.add(dto);
  const byProperty = groupValidations(dto);
  const fields = getFieldOptions(dto);
  const defaults = readDefaults(dto);
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const name of propertyNames(dto)) {
    const validations = byProperty.get(name) ?? [];
    const schema = propertySchema(dto, name, validations, fields[name], seen, depth);
    if (defaults[name] !== undefined && schema.default === undefined) schema.default = defaults[name];
    properties[name] = schema;
    if (!isOptional(validations)) required.push(name);
  }
  seen.delete(dto);
  const result: JsonSchema = { type: 'object', properties };
  if (required.length) result.required = required;
  return result;
}

function propertySchema(
  dto: Type<unknown>,
  name: string,
  validations: ValidationMetadata[],
  field: FieldOptions | undefined,
  seen: Set<Function>,
  depth: number,
): JsonSchema {
  const reflected = Reflect.getMetadata('design:type', dto.prototype, name) as Function | undefined;
  const elementType = field?.type?.() ?? (defaultMetadataStorage.findTypeMetadata(dto, name)?.typeFunction?.() as Function | undefined);
  const isArray = reflected === Array || validations.some((v) => v.name === 'isArray' || v.each);
  const schema: JsonSchema = {};
  const items: JsonSchema = {};

  if (isArray) {
    schema.type = 'array';
    Object.assign(items, typeSchema(elementType, seen, depth));
  } else {
    Object.assign(schema, typeSchema(elementType ?? reflected, seen, depth));
  }
  for (const validation of validations) {
    const onItems = isArray && validation.each === true;
    Object.assign(onItems ? items : schema, constraintToSchema(validation, { onArray: isArray && !onItems }));
  }
  if (isArray && schema.enum) {
    items.enum = schema.enum;
    delete schema.enum;
  }
  typeEnum(items);
  typeEnum(schema);
  if (isArray && Object.keys(items).length) schema.items = items;
  applyField(schema, field);
  return schema;
}

function typeSchema(type: Function | undefined, seen: Set<Function>, depth: number): JsonSchema {
  if (!type || type === Object) return {};
  if (type === String) return { type: 'string' };
  if (type === Number) return { type: 'number' };
  if (type === Boolean) return { type: 'boolean' };
  if (type === Date) return { type: 'string', format: 'date-time' };
  if (type === Array) return { type: 'array' };
  if (isBuiltinType(type)) return {};
  return objectSchema(type as Type<unknown>, seen, depth + 1);
}

function applyField(schema: JsonSchema, field: FieldOptions | undefined): void {
  if (!field) return;
  if (field.title !== undefined) schema.title = field.title;
  if (field.description !== undefined) schema.description = field.description;
  if (field.default !== undefined) schema.default = field.default;
  if (field.examples !== undefined) schema.examples = field.examples;
  if (field.schema) Object.assign(schema, field.schema);
}

function groupValidations(dto: Type<unknown>): Map<string, ValidationMetadata[]> {
  const all = getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false);
  const grouped = new Map<string, ValidationMetadata[]>();
  for (const metadata of all) {
    const list = grouped.get(metadata.propertyName) ?? [];
    list.push(metadata);
    grouped.set(metadata.propertyName, list);
  }
  return grouped;
}

function propertyNames(dto: Type<unknown>): string[] {
  const names = new Set<string>();
  for (const metadata of getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false)) names.add(metadata.propertyName);
  for (const name of Object.keys(getFieldOptions(dto))) names.add(name);
  return [...names];
}

function isOptional(validations: ValidationMetadata[]): boolean {
  return validations.some((v) => v.type === 'conditionalValidation' && v.name === 'isOptional');
}

function readDefaults(dto: Type<unknown>): Record<string, unknown> {
  try {
    return { ...(new (dto as new () => object)() as Record<string, unknown>) };
  } catch {
    return {};
  }
}

/** An enum's values say its type more precisely than reflection (a numeric TS enum is integers). */
function typeEnum(schema: JsonSchema): void {
  if (!Array.isArray(schema.enum)) return;
  const inferred = inferEnumType(schema.enum);
  if (inferred) schema.type = inferred;
}

function inferEnumType(values: unknown[]): string | undefined {
  const types = new Set(values.map((v) => typeof v));
  if (types.size !== 1) return undefined;
  const only = [...types][0];
  if (only === 'string') return 'string';
  if (only === 'number') return values.every((v) => Number.isInteger(v)) ? 'integer' : 'number';
  if (only === 'boolean') return 'boolean';
  return undefined;
}

function isBuiltinType(type: Function): boolean {
  return [Object, String, Number, Boolean, Date, Array, Promise, Map, Set, Function, Symbol, BigInt].includes(type as never);
}

