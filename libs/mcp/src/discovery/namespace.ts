import type { McpMethodMetadata } from './mcp-metadata.accessor.js';

/**
 * A component of a mounted module, as this server serves it: tools and prompts named `<namespace>_<name>` (a tool's
 * `@ToolTransform` name too), resource URIs and templates `<scheme>://<namespace>/<rest>`, and `@Complete` pointing at
 * the namespaced prompt or template. The method name is the name when the options give none, as for any component.
 */
export function namespaced(metadata: McpMethodMetadata, namespace: string, methodName: string): McpMethodMetadata {
  switch (metadata.kind) {
    case 'tool': {
      const { options, transform } = metadata;
      const renamed = transform?.name !== undefined ? { transform: { ...transform, name: `${namespace}_${transform.name}` } } : {};
      return { ...metadata, options: { ...options, name: `${namespace}_${options.name ?? methodName}` }, ...renamed };
    }
    case 'prompt':
      return { ...metadata, options: { ...metadata.options, name: `${namespace}_${metadata.options.name ?? methodName}` } };
    case 'resource':
      return { ...metadata, options: { ...metadata.options, uri: namespacedUri(metadata.options.uri, namespace) } };
    case 'completion': {
      const { prompt, resource, argument } = metadata.options;
      if (prompt !== undefined && resource === undefined) return { kind: 'completion', options: { argument, prompt: `${namespace}_${prompt}` } };
      if (resource !== undefined && prompt === undefined) return { kind: 'completion', options: { argument, resource: namespacedUri(resource, namespace) } };
      return metadata;
    }
  }
}

/** `notes://{id}` → `notes://github/{id}`: the namespace opens the path, so the scheme clients know stays. */
export function namespacedUri(uri: string, namespace: string): string {
  const separator = uri.indexOf('://');
  if (separator <= 0) throw new Error(`Cannot mount the resource "${uri}" under the namespace "${namespace}": a namespaced URI needs the form scheme://…`);
  return `${uri.slice(0, separator + 3)}${namespace}/${uri.slice(separator + 3)}`;
}
