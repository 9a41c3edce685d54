import type { Logger } from '@nestjs/common';
import { AuthorizationServerUnavailableError, InvalidTokenError } from '../errors/auth.errors.js';
import type { McpAuthInfo, McpTokenVerifier, McpVerifiedToken } from '../interfaces/auth.interface.js';
import type { McpResolvedAuth } from '../options/auth-options.js';
import { sameResource } from './resource-uri.js';
import { expandScopes } from './scope-expansion.js';
import { TokenCache } from './token-cache.js';

/** A caller whose token was accepted: the principal handlers see, and the scopes as granted (for challenges). */
export interface VerifiedCaller {
  readonly info: McpAuthInfo;
  readonly granted: readonly string[];
}

/** Why a token was not accepted, as the gate needs to know it. */
export type TokenRefusal =
  | { readonly kind: 'invalid'; readonly description: string }
  | { readonly kind: 'unavailable' }
  | { readonly kind: 'internal' };

/**
 * Bearer token → caller, through the configured verifier, with the checks every verifier gets (audience = this
 * resource, expiry) and a bounded cache: accepted tokens until the cache TTL or their expiry, refused ones briefly,
 * and one verification at a time per token.
 */
export class TokenVerification {
  private readonly accepted: TokenCache<VerifiedCaller>;
  private readonly refused: TokenCache<string>;
  private readonly pending = new Map<string, Promise<VerifiedCaller | { refusal: TokenRefusal }>>();

  constructor(
    private readonly verifier: McpTokenVerifier,
    private readonly auth: McpResolvedAuth,
    private readonly logger: Logger,
  ) {
    const maxEntries = auth.cache.ttlMs > 0 ? auth.cache.maxEntries : 0;
    this.accepted = new TokenCache(maxEntries);
    this.refused = new TokenCache(auth.cache.negativeTtlMs > 0 ? auth.cache.maxEntries : 0);
  }

  verify(token: string): Promise<VerifiedCaller | { refusal: TokenRefusal }> {
    const key = TokenCache.keyOf(token);
    const known = this.accepted.get(key);
    if (known) return Promise.resolve(known);
    const refusedBecause = this.refused.get(key);
    if (refusedBecause !== undefined) return Promise.resolve({ refusal: { kind: 'invalid', description: refusedBecause } });
    let verification = this.pending.get(key);
    if (!verification) {
      verification = this.verifyNow(token, key).finally(() => this.pending.delete(key));
      this.pending.set(key, verification);
    }
    return verification;
  }

  private async verifyNow(token: string, key: string): Promise<VerifiedCaller | { refusal: TokenRefusal }> {
    let verified: McpVerifiedToken;
    try {
      verified = await this.verifier.verify(token, { resourceUrl: this.auth.resourceUrl });
      this.checkAudienceAndExpiry(verified);
    } catch (error) {
      return { refusal: this.refusalFor(error, key) };
    }
    const caller = this.callerOf(token, verified);
    const until = Math.min(Date.now() + this.auth.cache.ttlMs, expiryMs(verified, this.auth.clockToleranceSec));
    this.accepted.set(key, caller, until);
    return caller;
  }

  /** Every verifier's answer is held to the same rules: issued for this resource, not expired. */
  private checkAudienceAndExpiry(verified: McpVerifiedToken): void {
    if (!verified.audience.some((entry) => sameResource(entry, this.auth.resourceUrl))) {
      throw new InvalidTokenError('token was not issued for this resource');
    }
    if (expiryMs(verified, this.auth.clockToleranceSec) <= Date.now()) throw new InvalidTokenError('token expired');
  }

  private refusalFor(error: unknown, key: string): TokenRefusal {
    if (error instanceof InvalidTokenError) {
      this.refused.set(key, error.message, Date.now() + this.auth.cache.negativeTtlMs);
      return { kind: 'invalid', description: error.message };
    }
    if (error instanceof AuthorizationServerUnavailableError) {
      this.logger.warn(`Bearer token not checked: ${error.message}`);
      return { kind: 'unavailable' };
    }
    this.logger.error(`The token verifier failed: ${(error as Error)?.message ?? String(error)}`, (error as Error)?.stack);
    return { kind: 'internal' };
  }

  private callerOf(token: string, verified: McpVerifiedToken): VerifiedCaller {
    const { subject, issuer, claims } = verified;
    const info: McpAuthInfo = {
      token,
      clientId: verified.clientId ?? subject ?? '',
      scopes: expandScopes(verified.scopes, this.auth.scopeHierarchy),
      ...(verified.expiresAt !== undefined ? { expiresAt: verified.expiresAt } : {}),
      resource: new URL(this.auth.resourceUrl),
      resourceMetadataUrl: this.auth.resourceMetadataUrl,
      ...(subject !== undefined ? { subject } : {}),
      ...(issuer !== undefined ? { issuer } : {}),
      roles: this.auth.roles(claims),
      claims,
    };
    return { info, granted: verified.scopes };
  }
}

/** When a token stops being accepted (its expiry plus the clock tolerance), in ms; never for a token without expiry. */
function expiryMs({ expiresAt }: McpVerifiedToken, toleranceSec: number): number {
  return expiresAt === undefined ? Number.POSITIVE_INFINITY : (expiresAt + toleranceSec) * 1000;
}
