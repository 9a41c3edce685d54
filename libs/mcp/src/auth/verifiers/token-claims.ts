import type { McpVerifiedToken } from '../../interfaces/auth.interface.js';
import { InvalidTokenError } from '../../errors/auth.errors.js';
import { sameResource } from '../resource-uri.js';

/** Claims of a JWT payload or an introspection answer (RFC 9068 / RFC 7662 share these names) → what the gate uses. */
export function verifiedTokenOf(claims: Readonly<Record<string, unknown>>): McpVerifiedToken {
  return {
    clientId: stringOf(claims.client_id) ?? stringOf(claims.azp),
    subject: stringOf(claims.sub),
    issuer: stringOf(claims.iss),
    scopes: scopesOf(claims),
    expiresAt: typeof claims.exp === 'number' && Number.isFinite(claims.exp) ? claims.exp : undefined,
    audience: audiencesOf(claims.aud),
    claims,
  };
}

/** Refuses a token none of whose audiences is one of `expected` (compared as resource URIs). */
export function assertAudience(token: McpVerifiedToken, expected: string | readonly string[]): void {
  const wanted = typeof expected === 'string' ? [expected] : expected;
  if (!token.audience.some((audience) => wanted.some((resource) => sameResource(audience, resource)))) {
    throw new InvalidTokenError('token was not issued for this resource');
  }
}

function scopesOf(claims: Readonly<Record<string, unknown>>): string[] {
  if (typeof claims.scope === 'string') return splitScopes(claims.scope);
  if (typeof claims.scp === 'string') return splitScopes(claims.scp);
  if (Array.isArray(claims.scp)) return claims.scp.filter((scope): scope is string => typeof scope === 'string' && scope !== '');
  return [];
}

function splitScopes(scopes: string): string[] {
  return scopes.split(' ').filter((scope) => scope !== '');
}

function audiencesOf(aud: unknown): string[] {
  if (typeof aud === 'string') return [aud];
  if (Array.isArray(aud)) return aud.filter((audience): audience is string => typeof audience === 'string');
  return [];
}

function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
