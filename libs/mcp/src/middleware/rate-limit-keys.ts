import { createHash } from 'node:crypto';
import type { ExecutionContext } from '@nestjs/common';
import type { McpContext } from '../interfaces/mcp-context.interface.js';
import type { McpRateLimitKey } from '../interfaces/rate-limit.interface.js';
import type { McpMessage } from '../pipeline/mcp-message.js';
import { principalOf } from '../session/principal.js';

/** Longer keys (a custom function's, a long subject) are stored as a digest, so no client input sizes a store key. */
const MAX_KEY_LENGTH = 200;

/**
 * The store key of the bucket a request counts against: the limit's scope (`all`, or the component it belongs to)
 * and whom the bucket belongs to (`by`). Without that identity, the principal, else the address, else the session.
 */
export function bucketKeyOf(scope: string, by: McpRateLimitKey, context: ExecutionContext, message: McpMessage): string {
  const key = `${scope}|${identityOf(by, context, message)}`;
  return key.length <= MAX_KEY_LENGTH ? key : `${scope}|sha256:${createHash('sha256').update(key).digest('base64url')}`;
}

function identityOf(by: McpRateLimitKey, context: ExecutionContext, message: McpMessage): string {
  if (by === 'tool') return message.call ? `${message.call.kind}:${message.call.name}` : `method:${message.method}`;
  if (typeof by === 'function') {
    const key = by(context);
    if (typeof key === 'string' && key.length > 0) return `key:${key}`;
  }
  const ctx = context.getArgByIndex<McpContext | undefined>(1);
  const chosen = by === 'session' ? sessionOf(message, ctx) : by === 'address' ? addressOf(ctx) : undefined;
  return chosen ?? principalKeyOf(ctx) ?? addressOf(ctx) ?? sessionOf(message, ctx) ?? 'unidentified';
}

function principalKeyOf(ctx: McpContext | undefined): string | undefined {
  const principal = principalOf(ctx?.auth);
  return principal === undefined ? undefined : `principal:${principal}`;
}

function addressOf(ctx: McpContext | undefined): string | undefined {
  const address = ctx?.request?.clientAddress;
  return address === undefined ? undefined : `address:${address}`;
}

/** The 2025 HTTP session, or the connection on stdio and in memory; none on 2026-07-28 HTTP requests. */
function sessionOf(message: McpMessage, ctx: McpContext | undefined): string | undefined {
  const id = message.sessionId ?? ctx?.session.id;
  return id === undefined ? undefined : `session:${id}`;
}
