import type { ServerContext } from '@modelcontextprotocol/server';

/** 2025 era: a session's tasks are the session's; without a session, as on 2026-07-28. */
export function sessionTaskOwner(sdk: ServerContext): string | undefined {
  return sdk.sessionId ? `session:${sdk.sessionId}` : clientTaskOwner(sdk);
}

/** 2026-07-28 (no sessions): the authenticated client's, else whoever holds the task id. */
export function clientTaskOwner(sdk: ServerContext): string | undefined {
  const clientId = sdk.http?.authInfo?.clientId;
  return clientId ? `client:${clientId}` : undefined;
}
