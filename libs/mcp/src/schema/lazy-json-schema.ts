import { fromJsonSchema, type JsonSchemaType, type StandardSchemaWithJSON } from '@modelcontextprotocol/server';

/**
 * The SDK's `fromJsonSchema`, compiled by its first validation rather than at once. The SDK's validator (Ajv)
 * initialises and compiles on first use: done at bootstrap for every component, that is 10 to 20 ms a stdio server
 * spends before it can answer `initialize`, and a schema nothing validates against is never compiled.
 */
export function lazyJsonSchema<T = unknown>(schema: JsonSchemaType): StandardSchemaWithJSON<T, T> {
  let compiled: StandardSchemaWithJSON<T, T> | undefined;
  return {
    '~standard': {
      version: 1,
      vendor: 'mcp',
      jsonSchema: { input: () => schema, output: () => schema },
      validate: (value) => (compiled ??= fromJsonSchema<T>(schema))['~standard'].validate(value),
    },
  };
}
