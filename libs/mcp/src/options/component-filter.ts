import type { McpComponentFilter, McpListedKind } from '../interfaces/component-visibility.interface.js';
import { isPlainObject } from '../protocol/json-rpc-shape.js';

export const COMPONENT_KINDS: readonly McpListedKind[] = ['tool', 'resource', 'prompt'];
const MAX_ENTRIES = 256;
const MAX_ENTRY_LENGTH = 512;

/** What a visibility filter is matched against: a component as clients see it. */
export interface VisibilitySubject {
  readonly kind: McpListedKind;
  /** Its name, plus a resource's URI or URI template. */
  readonly names: readonly string[];
  readonly tags: readonly string[];
}

/**
 * A filter checked and copied: only its three known lists, each of at most 256 strings of at most 512 characters,
 * without duplicates. Throws an `Error` naming `where` otherwise.
 */
export function normalizeComponentFilter(filter: unknown, where: string): McpComponentFilter {
  if (!isPlainObject(filter)) throw new Error(`${where}: the filter must be an object ({ names?, tags?, kinds? })`);
  const unknownKeys = Object.keys(filter).filter((key) => key !== 'names' && key !== 'tags' && key !== 'kinds');
  if (unknownKeys.length) throw new Error(`${where}: unknown filter key ${JSON.stringify(unknownKeys[0]!.slice(0, 40))} (use names, tags or kinds)`);
  const { names, tags, kinds } = filter;
  const normalized: McpComponentFilter = {};
  if (names !== undefined) normalized.names = stringList(names, `${where}: names`);
  if (tags !== undefined) normalized.tags = stringList(tags, `${where}: tags`);
  if (kinds !== undefined) {
    normalized.kinds = stringList(kinds, `${where}: kinds`) as McpListedKind[];
    const wrong = normalized.kinds.find((kind) => !COMPONENT_KINDS.includes(kind));
    if (wrong !== undefined) throw new Error(`${where}: kinds may hold ${COMPONENT_KINDS.join(', ')}, not ${JSON.stringify(wrong.slice(0, 40))}`);
  }
  return normalized;
}

export function filterMatches(filter: McpComponentFilter, subject: VisibilitySubject): boolean {
  if (filter.kinds && !filter.kinds.includes(subject.kind)) return false;
  if (filter.names && !subject.names.some((name) => filter.names!.includes(name))) return false;
  return !filter.tags || subject.tags.some((tag) => filter.tags!.includes(tag));
}

function stringList(value: unknown, where: string): string[] {
  if (!Array.isArray(value)) throw new Error(`${where} must be an array of strings`);
  if (value.length > MAX_ENTRIES) throw new Error(`${where} may hold at most ${MAX_ENTRIES} entries`);
  for (const entry of value) {
    if (typeof entry !== 'string') throw new Error(`${where} must be an array of strings`);
    if (entry.length > MAX_ENTRY_LENGTH) throw new Error(`${where}: an entry is longer than ${MAX_ENTRY_LENGTH} characters`);
  }
  return [...new Set(value as string[])];
}
