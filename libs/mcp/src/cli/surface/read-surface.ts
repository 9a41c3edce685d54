import type { Client } from '@modelcontextprotocol/client';
import { CliError } from '../cli-error.js';
import { compareText } from './json-value.js';
import { SURFACE_FORMAT, SURFACE_LISTS, type McpSurface } from './surface.js';

/** Bounds on what a server may send: a list that pages on past these is refused, not followed forever. */
const MAX_PAGES = 1_000;
const MAX_ENTRIES = 100_000;

type Page = { nextCursor?: string } & Record<string, unknown>;
type ListKey = (typeof SURFACE_LISTS)[number]['key'];

/**
 * Every tool, resource, resource template and prompt the connected server lists (all pages), sorted by name or URI,
 * each entry as the server wrote it (pass it through `canonical` to compare or store it).
 */
export async function readSurface(client: Client, timeoutMs: number): Promise<McpSurface> {
  const surface: McpSurface = { format: SURFACE_FORMAT, server: { name: client.getServerVersion()?.name ?? '' }, tools: [], resources: [], resourceTemplates: [], prompts: [] };
  for (const { key, id } of SURFACE_LISTS) {
    const entries = await listAll(client, key, timeoutMs);
    entries.sort((a, b) => compareText(String(a[id]), String(b[id])));
    (surface[key] as unknown[]) = entries;
  }
  return surface;
}

/** The method that lists each kind, and the capability a server declares for it. */
const LIST_METHODS = {
  tools: { method: 'tools/list', capability: 'tools' },
  resources: { method: 'resources/list', capability: 'resources' },
  resourceTemplates: { method: 'resources/templates/list', capability: 'resources' },
  prompts: { method: 'prompts/list', capability: 'prompts' },
} as const;

/**
 * Every entry of one list, page by page with plain requests (not the SDK's aggregating, caching and filtering
 * helpers, so the command sees exactly what the server sends); none when the server does not offer that kind.
 */
export async function listAll(client: Client, key: ListKey, timeoutMs: number): Promise<Record<string, unknown>[]> {
  const { method, capability } = LIST_METHODS[key];
  if (!client.getServerCapabilities()?.[capability]) return [];
  return allPages(key, (cursor) => client.request({ method, params: cursor === undefined ? {} : { cursor } }, { timeout: timeoutMs }) as Promise<Page>);
}

async function allPages(key: ListKey, fetchPage: (cursor?: string) => Promise<Page>): Promise<Record<string, unknown>[]> {
  const entries: Record<string, unknown>[] = [];
  const seen = new Set<string>();
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const result = await fetchPage(cursor);
    const items = result[key];
    if (!Array.isArray(items)) throw new CliError(`the server's ${key} list has no "${key}" array`);
    entries.push(...(items as Record<string, unknown>[]));
    if (entries.length > MAX_ENTRIES) throw new CliError(`the server lists more than ${MAX_ENTRIES} ${key}`);
    cursor = result.nextCursor;
    if (cursor === undefined) return entries;
    if (seen.has(cursor)) throw new CliError(`the server's ${key} list repeats the cursor ${JSON.stringify(cursor).slice(0, 80)}: it pages in a loop`);
    seen.add(cursor);
  }
  throw new CliError(`the server's ${key} list goes on past ${MAX_PAGES} pages`);
}
