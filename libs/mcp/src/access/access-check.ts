import type { AuthInfo } from '@modelcontextprotocol/server';
import type { McpAccessRequirement, McpClaimValue } from '../interfaces/auth.interface.js';
import { mcpAuthInfoOf } from './auth-info.js';

/** Why a caller may not use a component; undefined when it may. */
export type AccessDenial =
  | { readonly reason: 'unauthenticated' }
  | { readonly reason: 'scope'; readonly missing: readonly string[] }
  | { readonly reason: 'role'; readonly anyOf: readonly string[] }
  | { readonly reason: 'claim'; readonly claim: string };

/** Checks a caller against a component's requirement. Public components and components requiring nothing pass. */
export function checkAccess(requirement: McpAccessRequirement, auth: AuthInfo | undefined): AccessDenial | undefined {
  if (requirement.public) return undefined;
  const { scopes, roles, claims } = requirement;
  const claimNames = Object.keys(claims);
  if (!scopes.length && !roles.length && !claimNames.length) return undefined;
  if (!auth) return { reason: 'unauthenticated' };
  const missing = scopes.filter((scope) => !auth.scopes.includes(scope));
  if (missing.length) return { reason: 'scope', missing };
  const caller = mcpAuthInfoOf(auth);
  if (roles.length && !roles.some((role) => caller.roles.includes(role))) return { reason: 'role', anyOf: roles };
  const claimsHeld = caller.claims;
  for (const claim of claimNames) {
    if (!claimMatches(claimsHeld[claim], claims[claim]!)) return { reason: 'claim', claim };
  }
  return undefined;
}

/** What a refused caller is told: what is missing, never what they hold. */
export function describeDenial(denial: AccessDenial, target: string): string {
  switch (denial.reason) {
    case 'unauthenticated':
      return `Forbidden: ${target} requires an authenticated caller`;
    case 'scope':
      return `Forbidden: ${target} requires the scope(s) ${denial.missing.join(' ')}`;
    case 'role':
      return `Forbidden: ${target} requires one of the roles ${denial.anyOf.join(', ')}`;
    case 'claim':
      return `Forbidden: ${target} requires the claim "${denial.claim}"`;
  }
}

function claimMatches(held: unknown, wanted: McpClaimValue): boolean {
  if (Array.isArray(held)) return held.includes(wanted);
  return held === wanted;
}
