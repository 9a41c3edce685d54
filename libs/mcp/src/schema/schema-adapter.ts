import type { JsonSchemaType } from '@modelcontextprotocol/server';
import type { Type } from '@nestjs/common';
import type { ValidationError } from 'class-validator';
import type { McpSchemaInput, StandardSchemaLike } from '../interfaces/component-options.interface.js';
import type { McpCaller } from '../interfaces/mcp-module-options.interface.js';
import { dtoToJsonSchema, type JsonSchema } from './dto-json-schema.js';
import { validateDto } from './dto-validation.js';
import { lazyJsonSchema } from './lazy-json-schema.js';

export interface SchemaIssue {
  path: string;
  message: string;
}

export type SchemaValidation = { ok: true; value: unknown } | { ok: false; issues: SchemaIssue[] };

/** One schema, whatever it was declared with: its JSON Schema (computed once) and a validator. */
export interface SchemaAdapter {
  readonly jsonSchema: JsonSchema;
  /** `caller`: who the call acts for, when a transform computes hidden arguments from it. */
  validate(value: unknown, caller?: McpCaller): Promise<SchemaValidation>;
}

export function isStandardSchema(value: unknown): value is StandardSchemaLike {
  return typeof value === 'object' && value !== null && '~standard' in value;
}

export function createSchemaAdapter(input: McpSchemaInput): SchemaAdapter {
  if (typeof input === 'function') return dtoAdapter(input as Type<unknown>);
  if (isStandardSchema(input)) return standardAdapter(input);
  return jsonSchemaAdapter(input as JsonSchema);
}

export function dtoAdapter(dto: Type<unknown>): SchemaAdapter {
  const jsonSchema = dtoToJsonSchema(dto);
  return {
    jsonSchema,
    async validate(value) {
      const { instance, errors } = await validateDto(dto, value);
      return errors.length ? { ok: false, issues: flattenValidationErrors(errors) } : { ok: true, value: instance };
    },
  };
}

export function jsonSchemaAdapter(jsonSchema: JsonSchema): SchemaAdapter {
  return { jsonSchema, ...standardValidator(lazyJsonSchema(jsonSchema as JsonSchemaType) as unknown as StandardSchemaLike) };
}

function standardAdapter(schema: StandardSchemaLike): SchemaAdapter {
  return { jsonSchema: standardJsonSchema(schema), ...standardValidator(schema) };
}

function standardJsonSchema(schema: StandardSchemaLike): JsonSchema {
  const converter = (schema['~standard'] as { jsonSchema?: { input?: (options: { target: string }) => JsonSchema } }).jsonSchema;
  if (!converter?.input) {
    throw new Error(
      `The ${schema['~standard'].vendor} schema cannot describe itself as JSON Schema (Standard JSON Schema); pass a JSON Schema or a DTO instead`,
    );
  }
  const { $schema: _dialect, ...jsonSchema } = converter.input({ target: 'draft-2020-12' });
  return jsonSchema;
}

function standardValidator(schema: StandardSchemaLike): Pick<SchemaAdapter, 'validate'> {
  return {
    async validate(value) {
      const result = (await schema['~standard'].validate(value ?? {})) as {
        value?: unknown;
        issues?: { message: string; path?: (PropertyKey | { key: PropertyKey })[] }[];
      };
      if (!result.issues?.length) return { ok: true, value: result.value };
      return {
        ok: false,
        issues: result.issues.map((issue) => ({
          path: (issue.path ?? []).map((segment) => String(typeof segment === 'object' ? segment.key : segment)).join('.'),
          message: issue.message,
        })),
      };
    },
  };
}

export function flattenValidationErrors(errors: ValidationError[], parent = ''): SchemaIssue[] {
  const issues: SchemaIssue[] = [];
  for (const error of errors) {
    const path = parent ? `${parent}.${error.property}` : error.property;
    for (const message of Object.values(error.constraints ?? {})) issues.push({ path, message });
    if (error.children?.length) issues.push(...flattenValidationErrors(error.children, path));
  }
  return issues;
}

export function formatIssues(issues: SchemaIssue[]): string {
  return issues.map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message)).join('\n');
}
