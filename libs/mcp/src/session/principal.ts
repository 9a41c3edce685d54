import type { AuthInfo } from '@modelcontextprotocol/server';

/**
 * The principal a request acts for, as a stable string key: issuer + subject when the authentication carries them
 * (`McpAuthInfo.issuer`/`subject`, or the `extra.iss`/`extra.sub` an HTTP guard may set), else the client id. Undefined for anonymous requests. Sessions,
 * tasks and input-round state are bound to it; it never contains the token.
 */
export function principalOf(auth: AuthInfo | undefined): string | undefined {
  if (!auth) return undefined;
  const extra = auth.extra ?? {};
  const typed = auth as { subject?: unknown; issuer?: unknown };
  const subject = text(typed.subject) ?? text(extra.sub) ?? text(extra.subject);
  if (subject !== undefined) return `sub:${text(typed.issuer) ?? text(extra.iss) ?? text(extra.issuer) ?? ''}#${subject}`;
  return auth.clientId ? `client:${auth.clientId}` : undefined;
}

function text(value: unknown): string | undefined {
  if (typeof value === 'string' && value.length > 0) return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}
