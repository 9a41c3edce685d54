import type { Prompt, Resource, ResourceTemplateType, Tool } from '@modelcontextprotocol/client';

/** The file `snapshot` writes and `check` compares against, by default (relative to the working directory). */
export const DEFAULT_SURFACE_FILE = 'mcp-surface.json';

/** Bumped when the file's shape changes; `check` refuses a file of another format rather than misreading it. */
export const SURFACE_FORMAT = 1;

/**
 * What a server offers its clients, as they see it in the four lists: every field of every tool, resource, resource
 * template and prompt (schemas, annotations, `_meta`), sorted by name or URI, with object keys sorted and `required`
 * lists sorted so that reordering a DTO's properties is not a change. The server's version is left out: a release
 * is not a surface change.
 */
export interface McpSurface {
  format: typeof SURFACE_FORMAT;
  server: { name: string };
  tools: Tool[];
  resources: Resource[];
  resourceTemplates: ResourceTemplateType[];
  prompts: Prompt[];
}

/** The four lists of a surface, with what identifies an entry of each and how a change report names it. */
export const SURFACE_LISTS = [
  { key: 'tools', id: 'name', noun: 'tool' },
  { key: 'resources', id: 'uri', noun: 'resource' },
  { key: 'resourceTemplates', id: 'uriTemplate', noun: 'resource template' },
  { key: 'prompts', id: 'name', noun: 'prompt' },
] as const;
