import type { ServerContext } from '@modelcontextprotocol/server';
import { principalOf } from '../../session/principal.js';

/** 2025 era: a session's tasks are the session's (a session is bound to its principal); without a session, as on 2026-07-28. */
export function sessionTaskOwner(sdk: ServerContext): string | undefined {
  return sdk.sessionId ? `session:${sdk.sessionId}` : clientTaskOwner(sdk);
}

/**
 * 2026-07-28 (no sessions): the authenticated principal's. An anonymous request's tasks have no owner: they are never
 * listed, and only whoever holds a task's (random) id reaches it.
 */
export function clientTaskOwner(sdk: ServerContext): string | undefined {
  return principalOf(sdk.http?.authInfo);
}
