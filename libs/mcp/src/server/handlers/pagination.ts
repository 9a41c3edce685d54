import { McpError } from '../../errors/mcp-error.js';

/** One page of a list result and the cursor of the next one (opaque to clients: the offset, base64url). */
export function paginate<T>(items: readonly T[], cursor: string | undefined, pageSize: number): { page: T[]; nextCursor?: string } {
  return pageAt(items, cursorOffset(cursor), pageSize);
}

/** Where a page starts; `-32602` for a cursor this server did not mint. */
export function cursorOffset(cursor: string | undefined): number {
  if (cursor === undefined) return 0;
  const offset = Number(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!Number.isInteger(offset) || offset < 0) throw McpError.invalidParams(`Invalid cursor: ${cursor}`);
  return offset;
}

/** The page of a whole list result (`{ tools: [...] }`) that starts at `start`, with the next page's cursor. */
export function pageOfList<R extends object>(result: R, key: string, start: number, pageSize: number): R {
  const items = (result as Record<string, unknown>)[key];
  if (!Array.isArray(items)) return result;
  const { page, nextCursor } = pageAt(items, start, pageSize);
  return { ...result, [key]: page, ...(nextCursor ? { nextCursor } : {}) };
}

function pageAt<T>(items: readonly T[], start: number, pageSize: number): { page: T[]; nextCursor?: string } {
  const page = items.slice(start, start + pageSize);
  const next = start + pageSize;
  return next < items.length ? { page, nextCursor: Buffer.from(String(next)).toString('base64url') } : { page };
}
