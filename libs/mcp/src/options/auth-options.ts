import type { Type } from '@nestjs/common';
import type { McpAuthOptions, McpTokenVerifier } from '../interfaces/auth.interface.js';
import { MCP_DEFAULTS } from './mcp-defaults.js';

/** `auth` with every default applied and the resource URI in canonical form. */
export interface McpResolvedAuth {
  /** Canonical: lower-case scheme and host, no fragment, no trailing slash. */
  readonly resourceUrl: string;
  /** Where the protected resource metadata of `resourceUrl` is served (RFC 9728 §3.1). */
  readonly resourceMetadataUrl: string;
  /** The path of `resourceUrl` (`/mcp`): the path-form metadata URI names it, whatever the app's own route is. */
  readonly resourcePath: string;
  readonly verifier: McpTokenVerifier | Type<McpTokenVerifier>;
  readonly authorizationServers: readonly string[] | undefined;
  readonly requiredScopes: readonly string[];
  readonly scopesSupported: readonly string[] | undefined;
  readonly scopeHierarchy: Readonly<Record<string, readonly string[]>>;
  readonly roles: (claims: Readonly<Record<string, unknown>>) => readonly string[];
  readonly hideForbidden: boolean;
  readonly resourceName: string | undefined;
  readonly resourceDocumentation: string | undefined;
  readonly clockToleranceSec: number;
  readonly cache: { readonly maxEntries: number; readonly ttlMs: number; readonly negativeTtlMs: number };
}

export const PROTECTED_RESOURCE_WELL_KNOWN = '/.well-known/oauth-protected-resource';

export function resolveAuthOptions(auth: McpAuthOptions | undefined, serverName: string): McpResolvedAuth | undefined {
  if (!auth) return undefined;
  if (!auth.verifier) throw new Error('McpModule `auth` needs a `verifier` (jwtVerifier(), introspectionVerifier() or a class)');
  const resource = canonicalResource(auth.resourceUrl);
  const defaults = MCP_DEFAULTS.auth;
  return {
    resourceUrl: resource.href,
    resourceMetadataUrl: `${resource.origin}${PROTECTED_RESOURCE_WELL_KNOWN}${resource.path}`,
    resourcePath: resource.path,
    verifier: auth.verifier,
    authorizationServers: auth.authorizationServers,
    requiredScopes: auth.requiredScopes ?? [],
    scopesSupported: auth.scopesSupported,
    scopeHierarchy: auth.scopeHierarchy ?? {},
    roles: auth.roles ?? rolesClaim,
    hideForbidden: auth.hideForbidden ?? false,
    resourceName: auth.resourceName ?? serverName,
    resourceDocumentation: auth.resourceDocumentation,
    clockToleranceSec: auth.clockToleranceSec ?? defaults.clockToleranceSec,
    cache: { ...defaults.cache, ...definedNumbers(auth.cache) },
  };
}

/** RFC 8707 §2 / MCP: an absolute http(s) URI without fragment; scheme and host lower case, no trailing slash. */
function canonicalResource(value: string | undefined): { href: string; origin: string; path: string } {
  let url: URL;
  try {
    url = new URL(String(value));
  } catch {
    throw new Error(`McpModule \`auth.resourceUrl\` must be the absolute URL of the MCP endpoint, got "${String(value)}"`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('McpModule `auth.resourceUrl` must be an http(s) URL');
  if (url.hash || value!.includes('#')) throw new Error('McpModule `auth.resourceUrl` must not have a fragment');
  if (url.username || url.password) throw new Error('McpModule `auth.resourceUrl` must not carry credentials');
  const path = url.pathname === '/' ? '' : url.pathname.replace(/\/$/, '');
  return { href: `${url.origin}${path}${url.search}`, origin: url.origin, path };
}

/** The default place of roles: a `roles` claim holding an array or a space-separated string. */
function rolesClaim(claims: Readonly<Record<string, unknown>>): readonly string[] {
  const roles = claims.roles;
  if (typeof roles === 'string') return roles.split(' ').filter(Boolean);
  return Array.isArray(roles) ? roles.filter((role): role is string => typeof role === 'string') : [];
}

function definedNumbers<T extends object>(values: T | undefined): Partial<T> {
  return Object.fromEntries(Object.entries(values ?? {}).filter(([, value]) => typeof value === 'number' && value >= 0)) as Partial<T>;
}
