import { jwtVerifier, type McpAuthOptions } from 'nestjs-mcp';

/**
 * The demo as an OAuth protected resource when `MCP_AUTH_ISSUER` names an authorization server (Auth0, Keycloak,
 * Entra, a local oidc-provider, ...): every request needs a token for `MCP_RESOURCE_URL` with `notes:read`;
 * `notes:admin` (which includes the others) also passes the admin guard of `clearNotes`.
 */
export function demoAuth(env: NodeJS.ProcessEnv = process.env): McpAuthOptions | undefined {
  const issuer = env.MCP_AUTH_ISSUER;
  if (!issuer) return undefined;
  const resourceUrl = env.MCP_RESOURCE_URL ?? `http://${env.HOST ?? '127.0.0.1'}:${env.PORT ?? 3000}/mcp`;
  return {
    resourceUrl,
    verifier: jwtVerifier({ issuer, ...(env.MCP_AUTH_JWKS_URI ? { jwksUri: env.MCP_AUTH_JWKS_URI } : {}) }),
    requiredScopes: ['notes:read'],
    scopesSupported: ['notes:read', 'notes:write', 'notes:admin'],
    scopeHierarchy: { 'notes:admin': ['notes:write', 'notes:read'], 'notes:write': ['notes:read'] },
  };
}
