import { MCP_ACCESS_METADATA } from '../decorators/metadata-keys.js';
import type { McpAccessMark } from '../decorators/access.decorators.js';
import type { McpAccessRequirement } from '../interfaces/auth.interface.js';

/** A component nothing is required of. */
export const NO_REQUIREMENT: McpAccessRequirement = Object.freeze({ public: false, scopes: [], roles: [], claims: {} });

/** What the access decorators on a handler and on its class require together (read once, at bootstrap). */
export function accessRequirementOf(handler: object | undefined, classRef: object | undefined): McpAccessRequirement {
  const marks = [...marksOn(classRef), ...marksOn(handler)];
  return marks.length ? combineAccess(marks) : NO_REQUIREMENT;
}

/** Marks added up: scopes and roles united, claims merged (the later wins), public if any says so. */
export function combineAccess(marks: readonly McpAccessMark[]): McpAccessRequirement {
  const scopes = new Set<string>();
  const roles = new Set<string>();
  let claims: McpAccessRequirement['claims'] = {};
  let isPublic = false;
  for (const mark of marks) {
    mark.scopes?.forEach((scope) => scopes.add(scope));
    mark.roles?.forEach((role) => roles.add(role));
    if (mark.claims) claims = { ...claims, ...mark.claims };
    if (mark.public) isPublic = true;
  }
  return Object.freeze({ public: isPublic, scopes: [...scopes], roles: [...roles], claims });
}

/** Whether anything at all is required (a public component requires nothing). */
export function requiresAnything(requirement: McpAccessRequirement): boolean {
  if (requirement.public) return false;
  return requirement.scopes.length > 0 || requirement.roles.length > 0 || Object.keys(requirement.claims).length > 0;
}

function marksOn(target: object | undefined): McpAccessMark[] {
  if (!target) return [];
  return (Reflect.getMetadata(MCP_ACCESS_METADATA, target) as McpAccessMark[] | undefined) ?? [];
}
