import { readFile, stat } from 'node:fs/promises';
import { CliError } from '../cli-error.js';
import { json } from '../output.js';
import { SURFACE_FORMAT, SURFACE_LISTS, type McpSurface } from './surface.js';

/** Deeper than any real schema; a server that nests further is refused rather than recursed into without end. */
const MAX_DEPTH = 256;
/** A surface file larger than this is not one `snapshot` wrote. */
const MAX_FILE_BYTES = 50 * 1024 * 1024;

/**
 * The value with object keys sorted and `required` lists sorted, so equal surfaces have one spelling whatever order
 * a server (or a DTO) lists them in. Keys named `__proto__` are kept as plain data.
 */
export function canonical(value: unknown, depth = 0): unknown {
  if (depth > MAX_DEPTH) throw new CliError(`the server's lists nest deeper than ${MAX_DEPTH} levels`);
  if (Array.isArray(value)) return value.map((item) => canonical(item, depth + 1));
  if (value === null || typeof value !== 'object') return value;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const item = (value as Record<string, unknown>)[key];
    const entry = key === 'required' && Array.isArray(item) && item.every((name) => typeof name === 'string') ? [...item].sort() : canonical(item, depth + 1);
    Object.defineProperty(sorted, key, { value: entry, enumerable: true, writable: true, configurable: true });
  }
  return sorted;
}

/** The surface in its one spelling: the top-level fields in a fixed order, each entry `canonical`. */
export function canonicalSurface(surface: McpSurface): McpSurface {
  const lists = Object.fromEntries(SURFACE_LISTS.map(({ key }) => [key, canonical(surface[key])]));
  return { format: surface.format, server: canonical(surface.server), ...lists } as McpSurface;
}

/** The text of a surface file: pretty JSON with a trailing newline, stable across runs. */
export function surfaceFileText(surface: McpSurface): string {
  return json(surface);
}

/** Reads and checks a surface file written by `snapshot`; messages name it as `shown`. */
export async function readSurfaceFile(file: string, shown = file): Promise<McpSurface> {
  let text: string;
  try {
    if ((await stat(file)).size > MAX_FILE_BYTES) throw new CliError(`${shown} is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB: not a surface file`);
    text = await readFile(file, 'utf8');
  } catch (error) {
    if (error instanceof CliError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(code === 'ENOENT' ? `${shown} does not exist: write it with \`nestjs-mcp snapshot\` and commit it` : `${shown}: ${(error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new CliError(`${shown} is not valid JSON (${(error as Error).message}): rewrite it with \`nestjs-mcp snapshot\``);
  }
  const surface = parsed as Partial<McpSurface> | null;
  if (surface === null || typeof surface !== 'object' || Array.isArray(surface)) throw new CliError(`${shown} is not a surface file (expected a JSON object)`);
  if (surface.format !== SURFACE_FORMAT) {
    throw new CliError(`${shown} has format ${JSON.stringify(surface.format)}, this nestjs-mcp reads format ${SURFACE_FORMAT}: rewrite it with \`nestjs-mcp snapshot\``);
  }
  for (const { key } of SURFACE_LISTS) {
    if (!Array.isArray(surface[key])) throw new CliError(`${shown}: "${key}" is not a list: rewrite it with \`nestjs-mcp snapshot\``);
  }
  return canonicalSurface(surface as McpSurface);
}
