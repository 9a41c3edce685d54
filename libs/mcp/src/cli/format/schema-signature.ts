import { isJsonObject } from '../surface/json-value.js';

const MAX_DEPTH = 8;

/** `(text: string, tags?: string[])` for a tool's input schema: its properties, `?` on optional ones. */
export function parameterList(schema: unknown): string {
  const properties = propertiesOf(schema);
  const required = requiredOf(schema);
  return `(${properties.map(([name, property]) => `${name}${required.has(name) ? '' : '?'}: ${typeName(property, 0)}`).join(', ')})`;
}

/** `{ id, text, tags }` for an output schema's properties, or its type name. */
export function resultShape(schema: unknown): string {
  const properties = propertiesOf(schema);
  return properties.length ? `{ ${properties.map(([name]) => name).join(', ')} }` : typeName(schema, 0);
}

/** A short TypeScript-like name for a JSON Schema: `string`, `number[]`, `"a" | "b"`, `object`. */
export function typeName(schema: unknown, depth: number): string {
  if (!isJsonObject(schema) || depth > MAX_DEPTH) return 'unknown';
  if (Array.isArray(schema.enum)) return schema.enum.map((value) => JSON.stringify(value)).join(' | ');
  if ('const' in schema) return JSON.stringify(schema.const);
  for (const key of ['anyOf', 'oneOf'] as const) {
    const options = schema[key];
    if (Array.isArray(options)) return options.map((option) => typeName(option, depth + 1)).join(' | ');
  }
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  return types
    .map((type) => (type === 'array' ? `${wrap(typeName(schema.items, depth + 1))}[]` : type === 'integer' ? 'number' : typeof type === 'string' ? type : 'unknown'))
    .join(' | ');
}

function wrap(name: string): string {
  return name.includes(' | ') ? `(${name})` : name;
}

function propertiesOf(schema: unknown): [string, unknown][] {
  if (!isJsonObject(schema) || !isJsonObject(schema.properties)) return [];
  return Object.entries(schema.properties);
}

function requiredOf(schema: unknown): Set<string> {
  return new Set(isJsonObject(schema) && Array.isArray(schema.required) ? schema.required.filter((name): name is string => typeof name === 'string') : []);
}
