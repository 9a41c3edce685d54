import type { AuthInfo } from '@modelcontextprotocol/server';
import type { Type } from '@nestjs/common';

/**
 * Who a request acts for, as `ctx.auth` and `McpExecutionContext` show it: a verified bearer token (the `auth`
 * option), what an HTTP guard attached (`request.auth` / `request.user`), or what `bootstrapStdio` /
 * `McpTestClient` were given. Never forward `token` to another service: ask for a token of its own (RFC 8693).
 */
export interface McpAuthInfo extends AuthInfo {
  /** The token's `sub`: the user (or, for client credentials, often the client). */
  readonly subject?: string;
  /** The token's issuer (`iss`). */
  readonly issuer?: string;
  /** Roles taken from the claims (`auth.roles`; by default the `roles` claim). */
  readonly roles: readonly string[];
  /** Every claim of the token (JWT payload or introspection answer). */
  readonly claims: Readonly<Record<string, unknown>>;
}

/** What a verifier learned from a valid token; the gate checks audience and expiry again and builds `McpAuthInfo`. */
export interface McpVerifiedToken {
  /** The OAuth client the token was issued to (`client_id`, `azp`). */
  readonly clientId?: string;
  readonly subject?: string;
  readonly issuer?: string;
  /** Granted scopes, as issued (a `scope` string split on spaces, or an `scp` array). */
  readonly scopes: readonly string[];
  /** Expiry, seconds since the epoch. */
  readonly expiresAt?: number;
  /** The token's audiences (`aud`); one of them must be this server's `resourceUrl`. */
  readonly audience: readonly string[];
  readonly claims: Readonly<Record<string, unknown>>;
}

/** What a verifier is told about the server asking. */
export interface McpTokenVerificationContext {
  /** The canonical resource URI of this MCP endpoint (`auth.resourceUrl`): the audience tokens must name. */
  readonly resourceUrl: string;
}

/**
 * Checks a bearer token. Throw `InvalidTokenError` for a token that is not acceptable (HTTP 401) and
 * `AuthorizationServerUnavailableError` when the issuer cannot be asked (HTTP 503); anything else is a bug (500).
 * `jwtVerifier()` and `introspectionVerifier()` are built in; a class of your own is resolved through Nest's DI.
 */
export interface McpTokenVerifier {
  verify(token: string, context: McpTokenVerificationContext): Promise<McpVerifiedToken>;
  /** The authorization server that issues the tokens, when known: the default of `auth.authorizationServers`. */
  readonly issuer?: string;
}

/** Caching of verified tokens (and, briefly, of refused ones) in this process. */
export interface McpTokenCacheOptions {
  /** Most tokens remembered. Default 10,000. */
  maxEntries?: number;
  /** Longest a verification is reused (never past the token's expiry). Default 60 s; 0 turns the cache off. */
  ttlMs?: number;
  /** How long a refused token is remembered, so a flood of one bad token does not reach the issuer. Default 10 s. */
  negativeTtlMs?: number;
}

/** MCP authorization: the HTTP endpoint becomes an OAuth 2.1 protected resource (RFC 9728 metadata, bearer tokens). */
export interface McpAuthOptions {
  /**
   * The canonical URI of the MCP endpoint as clients reach it, e.g. `https://mcp.example.com/mcp`: the resource
   * indicator (RFC 8707) clients ask tokens for, the audience tokens must carry, and the `resource` of the protected
   * resource metadata. Required: behind a proxy it cannot be derived from `Host`, and a `Host`-derived audience
   * would let any token be replayed.
   */
  resourceUrl: string;
  /** How bearer tokens are checked: `jwtVerifier({ issuer })`, `introspectionVerifier({ ... })`, or your class. */
  verifier: McpTokenVerifier | Type<McpTokenVerifier>;
  /** Issuers clients may get tokens from (protected resource metadata). Default: the verifier's issuer. */
  authorizationServers?: string[];
  /** Scopes every request needs (HTTP 403 `insufficient_scope` without them). Default none. */
  requiredScopes?: string[];
  /**
   * `scopes_supported` of the protected resource metadata. Default: `requiredScopes` and every scope a component
   * requires. `offline_access` is never listed.
   */
  scopesSupported?: string[];
  /**
   * Scopes that include others, e.g. `{ 'notes:admin': ['notes:write', 'notes:read'] }`: a token granted the key
   * counts as granted each listed scope (transitively). `ctx.auth.scopes` holds the granted scopes expanded.
   */
  scopeHierarchy?: Record<string, string[]>;
  /** Where roles are in the claims. Default: the `roles` claim (an array, or a space-separated string). */
  roles?: (claims: Readonly<Record<string, unknown>>) => readonly string[];
  /**
   * Leave components the caller may not call out of `tools/list` and the other lists. Default false: they are
   * listed, so a client can discover them and ask for the scopes they need (step-up).
   */
  hideForbidden?: boolean;
  /** `resource_name` of the protected resource metadata. Default: the server's `title` or `name`. */
  resourceName?: string;
  /** `resource_documentation`: a page about this server for humans. */
  resourceDocumentation?: string;
  /** Allowed clock skew when checking expiry, in seconds. Default 5. */
  clockToleranceSec?: number;
  cache?: McpTokenCacheOptions;
}

/**
 * What a component (or every component of a class) requires of the caller: set with `@RequireScopes`,
 * `@RequireRoles`, `@RequireClaims` and `@Public`.
 */
export interface McpAccessRequirement {
  /** `@Public()`: callable without a token, whatever the class or the endpoint requires. */
  readonly public: boolean;
  /** Every one of these scopes. */
  readonly scopes: readonly string[];
  /** At least one of these roles (when any are listed). */
  readonly roles: readonly string[];
  /** Each claim equal to its value, or containing it when the claim is an array. */
  readonly claims: Readonly<Record<string, McpClaimValue>>;
}

export type McpClaimValue = string | number | boolean;
