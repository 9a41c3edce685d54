import type { Client } from '@modelcontextprotocol/client';
import { CliError } from '../cli-error.js';
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
    entries.sort((a, b) => compare(String(a[id]), String(b[id])));
    (surface[key] as unknown[]) = entries;
  }
  return surface;
}

/** Every entry of one list (all pages); none when the server does not offer that kind. */
export async function listAll(client: Client, key: ListKey, timeoutMs: number): Promise<Record<string, unknown>[]> {
  const capabilities = client.getServerCapabilities() ?? {};
  const options = { timeout: timeoutMs };
  const fetchers: Record<ListKey, ((cursor?: string) => Promise<Page>) | undefined> = {
    tools: capabilities.tools ? (cursor) => client.listTools({ cursor }, options) : undefined,
    resources: capabilities.resources ? (cursor) => client.listResources({ cursor }, options) : undefined,
    resourceTemplates: capabilities.resources ? (cursor) => client.listResourceTemplates({ cursor }, options) : undefined,
    prompts: capabilities.prompts ? (cursor) => client.listPrompts({ cursor }, options) : undefined,
  };
  const fetchPage = fetchers[key];
  return fetchPage ? allPages(key, fetchPage) : [];
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

/** Code-point order, the same on every machine and locale. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
