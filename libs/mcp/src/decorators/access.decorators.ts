import type { McpAccessRequirement, McpClaimValue } from '../interfaces/auth.interface.js';
import { MCP_ACCESS_METADATA } from './metadata-keys.js';

/** One decorator's share of a requirement; several on one target add up. */
export type McpAccessMark = Partial<McpAccessRequirement>;

/**
 * Adds to what the caller of a tool, resource or prompt must have (on a class: of every component it declares).
 * Several decorators on one method or class add up.
 */
function requireAccess(mark: McpAccessMark): ClassDecorator & MethodDecorator {
  return (target: object, _key?: string | symbol, descriptor?: PropertyDescriptor) => {
    const holder = descriptor ? (descriptor.value as object) : target;
    const marks = (Reflect.getOwnMetadata(MCP_ACCESS_METADATA, holder) as McpAccessMark[] | undefined) ?? [];
    Reflect.defineMetadata(MCP_ACCESS_METADATA, [...marks, mark], holder);
  };
}

/**
 * The token must carry every one of these scopes. Over HTTP a caller without them gets 403 `insufficient_scope`
 * naming them (so the client can ask for a wider token); the component stays listed unless `auth.hideForbidden`.
 */
export function RequireScopes(...scopes: string[]): ClassDecorator & MethodDecorator {
  return requireAccess({ scopes });
}

/** The caller must have at least one of these roles (`auth.roles`; by default the token's `roles` claim). */
export function RequireRoles(...roles: string[]): ClassDecorator & MethodDecorator {
  return requireAccess({ roles });
}

/** Each claim of the token must equal the value given, or contain it when the claim is an array. */
export function RequireClaims(claims: Record<string, McpClaimValue>): ClassDecorator & MethodDecorator {
  return requireAccess({ claims });
}

/** Callable without a token, whatever the class or the endpoint requires. */
export function Public(): ClassDecorator & MethodDecorator {
  return requireAccess({ public: true });
}
