import { Inject, Injectable, Logger, type OnModuleInit, type Type } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { checkAccess, describeDenial } from '../access/access-check.js';
import type { McpAuthInfo, McpTokenVerifier } from '../interfaces/auth.interface.js';
import type { McpResolvedAuth } from '../options/auth-options.js';
import { MCP_OPTIONS, type McpResolvedOptions } from '../options/mcp-options.js';
import type { McpEra } from '../protocol/eras.js';
import { HttpRefusals, type HttpRefusal } from '../protocol/error-catalogue.js';
import { McpRegistry } from '../registry/mcp-registry.js';
import { formatBearerChallenge, type BearerChallenge } from './bearer-challenge.js';
import { bearerCredentials } from './bearer-credentials.js';
import { requestTargets, type RequestTargets } from './component-targets.js';
import { protectedResourceMetadata, type ProtectedResourceMetadata } from './protected-resource-metadata.js';
import { advertisedScopes } from './scope-expansion.js';
import { TokenVerification, type TokenRefusal, type VerifiedCaller } from './token-verification.js';

/** Whether a request may go on, and as whom (undefined: anonymously, to public components). */
export type AuthDecision = { readonly admitted: true; readonly auth: McpAuthInfo | undefined } | { readonly admitted: false; readonly refusal: HttpRefusal };

/** What the gate looks at: the `Authorization` header, the parsed body (POST) and the era the request speaks. */
export interface AuthRequest {
  readonly authorization: string | string[] | undefined;
  readonly body: unknown;
  readonly era: McpEra;
}

/**
 * The HTTP endpoint as an OAuth 2.1 protected resource: every request's bearer token is verified (cached), the
 * endpoint's and the called components' requirements are checked before any response stream starts, and each
 * refusal carries the `WWW-Authenticate` challenge a client follows (RFC 6750 §3, RFC 9728 §5.1).
 */
@Injectable()
export class McpAuthGate implements OnModuleInit {
  private readonly logger = new Logger('McpAuth');
  private readonly auth: McpResolvedAuth | undefined;
  private verification: TokenVerification | undefined;
  private authorizationServers: readonly string[] = [];

  constructor(
    @Inject(MCP_OPTIONS) options: McpResolvedOptions,
    private readonly moduleRef: ModuleRef,
    private readonly registry: McpRegistry,
  ) {
    this.auth = options.auth;
  }

  async onModuleInit(): Promise<void> {
    if (!this.auth) return;
    const verifier = await this.resolveVerifier(this.auth.verifier);
    this.authorizationServers = this.auth.authorizationServers ?? (verifier.issuer ? [verifier.issuer] : []);
    if (!this.authorizationServers.length) {
      throw new Error('McpModule `auth.authorizationServers` is required: the verifier does not name the issuer of its tokens');
    }
    this.verification = new TokenVerification(verifier, this.auth, this.logger);
  }

  get enabled(): boolean {
    return this.auth !== undefined;
  }

  /** The protected resource metadata document (RFC 9728). */
  metadata(): ProtectedResourceMetadata {
    return protectedResourceMetadata(this.requireAuth(), this.authorizationServers, this.registry);
  }

  async admit({ authorization, body, era }: AuthRequest): Promise<AuthDecision> {
    const auth = this.requireAuth();
    const targets = requestTargets(body, this.registry);
    const credentials = bearerCredentials(authorization);
    if (credentials.kind === 'malformed') {
      const challenge = this.challenge({ error: 'invalid_request', description: credentials.reason });
      return refused(HttpRefusals.malformedAuthorization(challenge, credentials.reason));
    }
    if (credentials.kind === 'none') {
      if (this.anonymousMayPass(targets)) return { admitted: true, auth: undefined };
      const scopes = [...auth.requiredScopes, ...targets.components.flatMap((component) => component.access.scopes)];
      return refused(HttpRefusals.unauthorized(this.challenge({ scopes }), 'a bearer token is required'));
    }
    const verified = await this.verification!.verify(credentials.token);
    if ('refusal' in verified) return refused(this.refusalOf(verified.refusal));
    if (allPublic(targets)) return { admitted: true, auth: verified.info };
    return this.admitVerified(verified, targets, era);
  }

  /**
   * Endpoint scopes and the called components' requirements together, so one challenge names every scope the
   * request lacks. A missing role or claim (no wider token would help) is refused without a challenge.
   */
  private admitVerified({ info, granted }: VerifiedCaller, targets: RequestTargets, era: McpEra): AuthDecision {
    const auth = this.requireAuth();
    const needed = [...auth.requiredScopes];
    const lacking = auth.requiredScopes.filter((scope) => !info.scopes.includes(scope));
    const reasons = lacking.length ? [`this server requires the scope(s) ${lacking.join(' ')}`] : [];
    let componentScopesLacking = false;
    let forbidden: string | undefined;
    for (const component of targets.components) {
      needed.push(...component.access.scopes);
      const denial = checkAccess(component.access, info);
      if (!denial) continue;
      const message = describeDenial(denial, `${component.kind} "${component.name}"`);
      if (denial.reason !== 'scope') {
        forbidden ??= message;
        continue;
      }
      componentScopesLacking = true;
      lacking.push(...denial.missing);
      reasons.push(message.replace(/^Forbidden: /, ''));
    }
    if (!lacking.length) return forbidden ? refused(HttpRefusals.componentForbidden(forbidden)) : { admitted: true, auth: info };
    // 2025-11-25 asks for what is held plus what is missing; 2026-07-28 for what this operation needs (the client adds the rest).
    const scopes = era === 'legacy' ? [...granted, ...lacking] : needed;
    const description = reasons.join('; ');
    const challenge = this.challenge({ error: 'insufficient_scope', description, scopes });
    return refused(
      componentScopesLacking
        ? HttpRefusals.componentForbidden(`Forbidden: ${description}`, challenge)
        : HttpRefusals.insufficientScope(challenge, description),
    );
  }

  /**
   * Token-less requests pass when they call only public components, or (calling no component) when the server has
   * any. A call of an unknown component does not: anonymous callers learn nothing about names.
   */
  private anonymousMayPass(targets: RequestTargets): boolean {
    if (targets.unresolved || (targets.components.length && !allPublic(targets))) return false;
    if (targets.components.length && !targets.others) return true;
    return this.hasPublicComponents();
  }

  private hasPublicComponents(): boolean {
    return this.registry.listCallable().some((component) => component.access.public);
  }

  private refusalOf(refusal: TokenRefusal): HttpRefusal {
    if (refusal.kind === 'unavailable') return HttpRefusals.authorizationServerUnavailable;
    if (refusal.kind === 'internal') return HttpRefusals.internal;
    const challenge = this.challenge({ error: 'invalid_token', description: refusal.description });
    return HttpRefusals.unauthorized(challenge, refusal.description);
  }

  private challenge(challenge: Omit<BearerChallenge, 'resourceMetadata'>): string {
    const scopes = challenge.scopes ? advertisedScopes(challenge.scopes) : undefined;
    return formatBearerChallenge({ ...challenge, scopes, resourceMetadata: this.requireAuth().resourceMetadataUrl });
  }

  private requireAuth(): McpResolvedAuth {
    if (!this.auth) throw new Error('MCP authorization is not configured (McpModule `auth`)');
    return this.auth;
  }

  /** A verifier given as a class: the app's provider when there is one, else an instance made with Nest's DI. */
  private async resolveVerifier(verifier: McpTokenVerifier | Type<McpTokenVerifier>): Promise<McpTokenVerifier> {
    if (typeof verifier !== 'function') return verifier;
    let resolved: McpTokenVerifier;
    try {
      resolved = this.moduleRef.get(verifier, { strict: false });
    } catch {
      resolved = await this.moduleRef.create(verifier);
    }
    if (typeof resolved?.verify !== 'function') throw new Error(`McpModule \`auth.verifier\` ${verifier.name} has no verify(token) method`);
    return resolved;
  }
}

function allPublic(targets: RequestTargets): boolean {
  return targets.components.length > 0 && targets.components.every((component) => component.access.public);
}

function refused(refusal: HttpRefusal): AuthDecision {
  return { admitted: false, refusal };
}
