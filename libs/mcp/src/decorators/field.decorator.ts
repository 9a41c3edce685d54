import type { Type } from '@nestjs/common';
import { MCP_FIELD_METADATA } from './metadata-keys.js';

export interface FieldOptions {
  description?: string;
  title?: string;
  default?: unknown;
  examples?: unknown[];
  /** Element or nested type where reflection cannot see it (arrays of DTOs without class-transformer's `@Type`). */
  type?: () => Type<unknown> | StringConstructor | NumberConstructor | BooleanConstructor;
  /** Extra JSON Schema keywords merged into the property's schema. */
  schema?: Record<string, unknown>;
}

/** Documents a DTO property for the generated JSON Schema (description, title, default, examples). */
export const Field = (options: FieldOptions | string): PropertyDecorator => (target, key) => {
  const normalized: FieldOptions = typeof options === 'string' ? { description: options } : options;
  const fields: Record<string | symbol, FieldOptions> = { ...(Reflect.getMetadata(MCP_FIELD_METADATA, target.constructor) ?? {}) };
  fields[key] = normalized;
  Reflect.defineMetadata(MCP_FIELD_METADATA, fields, target.constructor);
};

export function getFieldOptions(dto: Function): Record<string, FieldOptions> {
  return Reflect.getMetadata(MCP_FIELD_METADATA, dto) ?? {};
}
