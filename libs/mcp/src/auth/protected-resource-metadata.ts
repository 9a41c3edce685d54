import type { McpResolvedAuth } from '../options/auth-options.js';
import type { McpRegistry } from '../registry/mcp-registry.js';
import { advertisedScopes } from './scope-expansion.js';

/** RFC 9728 §2 Protected Resource Metadata, as this server publishes it. */
export interface ProtectedResourceMetadata {
  resource: string;
  authorization_servers: string[];
  scopes_supported?: string[];
  bearer_methods_supported: ['header'];
  resource_name?: string;
  resource_documentation?: string;
}

/**
 * The metadata document: `scopes_supported` defaults to the endpoint's required scopes plus every scope a
 * component requires (read from the registry each time, so components added at run time count).
 */
export function protectedResourceMetadata(
  auth: McpResolvedAuth,
  authorizationServers: readonly string[],
  registry: McpRegistry,
): ProtectedResourceMetadata {
  const scopes = advertisedScopes(auth.scopesSupported ?? [...auth.requiredScopes, ...componentScopes(registry)]);
  return {
    resource: auth.resourceUrl,
    authorization_servers: [...authorizationServers],
    ...(scopes.length ? { scopes_supported: scopes } : {}),
    bearer_methods_supported: ['header'],
    ...(auth.resourceName ? { resource_name: auth.resourceName } : {}),
    ...(auth.resourceDocumentation ? { resource_documentation: auth.resourceDocumentation } : {}),
  };
}

function* componentScopes(registry: McpRegistry): Iterable<string> {
  for (const component of registry.listCallable()) if (!component.access.public) yield* component.access.scopes;
}
