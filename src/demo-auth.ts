import { jwtVerifier, type McpAuthOptions } from 'nestjs-mcp';

/** The auth of each of the demo's servers: each is a protected resource of its own, with its own URL and scopes. */
export interface DemoAuth {
  notes: McpAuthOptions;
  admin: McpAuthOptions;
}

/**
 * The demo as an OAuth protected resource when `MCP_AUTH_ISSUER` names an authorization server (Auth0, Keycloak,
 * Entra, a local oidc-provider, ...): the notes server needs a token for `MCP_RESOURCE_URL` with `notes:read`
 * (`notes:admin` includes it); the admin server a token for `MCP_ADMIN_RESOURCE_URL` (by default `admin/mcp` beside
 * `MCP_RESOURCE_URL`) with `notes:admin`.
 */
export function demoAuth(env: NodeJS.ProcessEnv = process.env): DemoAuth | undefined {
  const issuer = env.MCP_AUTH_ISSUER;
  if (!issuer) return undefined;
  const resourceUrl = env.MCP_RESOURCE_URL ?? `http://${env.HOST ?? '127.0.0.1'}:${env.PORT ?? 3000}/mcp`;
  const verifier = jwtVerifier({ issuer, ...(env.MCP_AUTH_JWKS_URI ? { jwksUri: env.MCP_AUTH_JWKS_URI } : {}) });
  return {
    notes: {
      resourceUrl,
      verifier,
      requiredScopes: ['notes:read'],
      scopesSupported: ['notes:read', 'notes:write', 'notes:admin'],
      scopeHierarchy: { 'notes:admin': ['notes:write', 'notes:read'], 'notes:write': ['notes:read'] },
    },
    admin: {
      resourceUrl: env.MCP_ADMIN_RESOURCE_URL ?? new URL('admin/mcp', resourceUrl).href,
      verifier,
      requiredScopes: ['notes:admin'],
      scopesSupported: ['notes:admin'],
    },
  };
}
