import type { HandlerSource } from '../registry/component-builder.js';
import { untypedArgs } from '../schema/handler-input-schema.js';
import type { McpMethodMetadata } from './mcp-metadata.accessor.js';

/** What to tell the developer about each `@Arg()` of a tool or prompt whose published schema will have no type. */
export function untypedArgWarnings(metadata: McpMethodMetadata, name: string, source: HandlerSource): string[] {
  if (metadata.kind !== 'tool' && metadata.kind !== 'prompt') return [];
  const declared = metadata.kind === 'tool' ? metadata.options.input : metadata.options.args;
  const kind = metadata.kind === 'tool' ? 'Tool' : 'Prompt';
  return untypedArgs(declared, source.params).map(({ name: arg, type }) => {
    const reflected = type ? `reflected as ${type.name}` : 'no type metadata: is emitDecoratorMetadata on?';
    return (
      `${kind} "${name}" (${source.label}): @Arg('${arg}') has no type the schema can be derived from (${reflected}), ` +
      `so clients see no type and any value is accepted. Give the parameter a type annotation (string, number, ` +
      `boolean, an array or a DTO class) or a schema: @Arg('${arg}', { schema: { type: 'number' } }).`
    );
  });
}
