// The raw SDK's side of the tools/list bench: the shapes of rich-shapes.js as zod schemas, and an McpServer
// registering the same tools with them.
import { McpServer } from '@modelcontextprotocol/server';
import { z } from 'zod';
import { richTools, SHAPES } from './rich-shapes.js';

const bounded = (schema, method, value) => (value === undefined ? schema : schema[method](value));

function fieldSchema(field, objectOf) {
  let schema;
  switch (field.kind) {
    case 'string': {
      const format = { email: () => z.email(), url: () => z.url(), uuid: () => z.uuid(), 'date-time': () => z.iso.datetime() }[field.format];
      schema = bounded(bounded(format ? format() : z.string(), 'min', field.minLength), 'max', field.maxLength);
      break;
    }
    case 'integer':
    case 'number':
      schema = bounded(bounded(field.kind === 'integer' ? z.number().int() : z.number(), 'min', field.min), 'max', field.max);
      break;
    case 'boolean':
      schema = z.boolean();
      break;
    case 'enum':
      schema = z.enum(field.values);
      break;
    case 'object':
      schema = objectOf(field.shape);
      break;
    case 'array':
      schema = bounded(bounded(z.array(objectOf(field.of)), 'min', field.minItems), 'max', field.maxItems);
      break;
    default:
      throw new Error(`unknown field kind ${field.kind}`);
  }
  schema = schema.describe(field.description);
  return field.optional ? schema.optional() : schema;
}

function objectOf(shape) {
  return z.object(Object.fromEntries(Object.entries(SHAPES[shape]).map(([property, field]) => [property, fieldSchema(field, objectOf)])));
}

/** An McpServer with the `count` tools, their inputSchema zod schemas of the same shapes as the DTOs. */
export function richZodServer(count) {
  const server = new McpServer({ name: 'raw-rich', version: '1.0.0' });
  const schemas = new Map(Object.keys(SHAPES).map((shape) => [shape, objectOf(shape)]));
  for (const { name, description, shape } of richTools(count)) {
    server.registerTool(name, { description, inputSchema: schemas.get(shape) }, async () => ({ content: [{ type: 'text', text: `${name} done` }] }));
  }
  return server;
}
