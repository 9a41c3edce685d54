import { McpError } from '../../errors/mcp-error.js';

/** One page of a list result and the cursor of the next one (opaque to clients: the offset, base64url). */
export function paginate<T>(items: readonly T[], cursor: string | undefined, pageSize: number): { page: T[]; nextCursor?: string } {
  const start = cursor === undefined ? 0 : decodeCursor(cursor);
  const page = items.slice(start, start + pageSize);
  const next = start + pageSize;
  return next < items.length ? { page, nextCursor: Buffer.from(String(next)).toString('base64url') } : { page };
}

function decodeCursor(cursor: string): number {
  const offset = Number(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!Number.isInteger(offset) || offset < 0) throw McpError.invalidParams(`Invalid cursor: ${cursor}`);
  return offset;
}
