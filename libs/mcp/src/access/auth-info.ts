import type { AuthInfo } from '@modelcontextprotocol/server';
import type { McpAuthInfo } from '../interfaces/auth.interface.js';

/**
 * Any principal (an HTTP guard's `request.auth`, a test's or stdio's partial one) as a complete `McpAuthInfo`:
 * subject and issuer from the typed fields or the `sub`/`iss` extras, roles and claims never missing.
 */
export function asMcpAuthInfo(auth: Partial<McpAuthInfo> & Partial<AuthInfo>): McpAuthInfo {
  const extra = auth.extra ?? {};
  const subject = auth.subject ?? text(extra.sub);
  const issuer = auth.issuer ?? text(extra.iss);
  const claims = auth.claims ?? extra;
  const roles = auth.roles ?? (Array.isArray(claims.roles) ? claims.roles.filter((role): role is string => typeof role === 'string') : []);
  return {
    ...auth,
    token: auth.token ?? '',
    clientId: auth.clientId ?? subject ?? '',
    scopes: auth.scopes ?? [],
    roles,
    claims,
    ...(subject !== undefined ? { subject } : {}),
    ...(issuer !== undefined ? { issuer } : {}),
  };
}

/** The principal of a request as `McpAuthInfo`: as it is when it already is one, completed otherwise. */
export function mcpAuthInfoOf(auth: AuthInfo): McpAuthInfo {
  return 'claims' in auth && 'roles' in auth ? (auth as McpAuthInfo) : asMcpAuthInfo(auth);
}

function text(value: unknown): string | undefined {
  if (typeof value === 'string' && value.length > 0) return value;
  return typeof value === 'number' ? String(value) : undefined;
}
