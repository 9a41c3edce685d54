import type { JWTVerifyGetKey } from 'jose';
import type { McpTokenVerificationContext, McpTokenVerifier, McpVerifiedToken } from '../../interfaces/auth.interface.js';
import { IssuerMetadata } from './issuer-metadata.js';
import { loadJose, type Jose } from './jose-loader.js';
import { allowedAlgorithms } from './jwt-algorithms.js';
import { jwtErrorOf } from './jwt-errors.js';
import { remoteJwksKeys, type JwksSettings } from './remote-jwks.js';
import { StaticKey, type JwtVerificationKey } from './static-key.js';
import { assertAudience, verifiedTokenOf } from './token-claims.js';
import { assertJwtShape } from './token-shape.js';

export type { JwtVerificationKey } from './static-key.js';

export interface JwtVerifierOptions {
  /** The `iss` tokens must carry, exactly; with neither `jwksUri` nor `key`, where the JWKS is discovered. */
  issuer: string;
  /** Where the issuer publishes its keys. Default: `jwks_uri` of the issuer's metadata (RFC 8414, then OpenID). */
  jwksUri?: string;
  /** A static key instead of a JWKS: a public JWK, an SPKI PEM, or a shared secret (at least 32 bytes) for HS*. */
  key?: JwtVerificationKey;
  /** The audiences accepted (`aud`, compared as resource URIs). Default: the server's `resourceUrl`. */
  audience?: string | string[];
  /**
   * Allowed `alg` values. Default `['RS256', 'PS256', 'ES256', 'EdDSA']`, or `['HS256', 'HS384', 'HS512']` for a
   * shared secret. `none` is never allowed, HS* only with a shared secret.
   */
  algorithms?: string[];
  /** The `typ` header required, e.g. `'at+jwt'` (RFC 9068). Default false: not checked. */
  typ?: string | false;
  /** Allowed clock skew for `exp` and `nbf`, in seconds. Default 5. */
  clockToleranceSec?: number;
  jwks?: {
    /** After a refetch (or a failed fetch), no other for this long. Default 30 s. */
    cooldownMs?: number;
    /** Keys are refetched after this long. Default 10 min. */
    cacheMaxAgeMs?: number;
    /** Longest wait for the JWKS (and for discovery). Default 5 s. */
    timeoutMs?: number;
  };
}

/** Verifies JWT access tokens (RFC 9068 or any signed JWT with `exp`) with jose, against a JWKS or a static key. */
export function jwtVerifier(options: JwtVerifierOptions): McpTokenVerifier {
  return new JwtVerifier(options);
}

class JwtVerifier implements McpTokenVerifier {
  readonly issuer: string;
  private readonly algorithms: string[];
  private readonly keys: (jose: Jose) => Promise<JWTVerifyGetKey>;

  constructor(private readonly options: JwtVerifierOptions) {
    if (!options.issuer) throw new TypeError('jwtVerifier: `issuer` is required');
    if (options.key !== undefined && options.jwksUri !== undefined) {
      throw new TypeError('jwtVerifier: give either `key` or `jwksUri`, not both');
    }
    assertDuration('clockToleranceSec', options.clockToleranceSec);
    for (const [name, value] of Object.entries(options.jwks ?? {})) assertDuration(`jwks.${name}`, value);
    this.issuer = options.issuer;
    const staticKey = options.key === undefined ? undefined : new StaticKey(options.key);
    this.algorithms = allowedAlgorithms(options.algorithms, staticKey?.isSecret ?? false);
    this.keys = staticKey ? async (jose) => staticKey.resolver(jose) : jwksKeys(options);
  }

  async verify(token: string, { resourceUrl }: McpTokenVerificationContext): Promise<McpVerifiedToken> {
    assertJwtShape(token);
    const jose = await loadJose();
    const getKey = await this.keys(jose);
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jose.jwtVerify(token, getKey, {
        issuer: this.issuer,
        algorithms: this.algorithms,
        typ: this.options.typ || undefined,
        clockTolerance: this.options.clockToleranceSec ?? 5,
        requiredClaims: ['exp'],
      }));
    } catch (error) {
      throw jwtErrorOf(error);
    }
    const verified = verifiedTokenOf(payload);
    assertAudience(verified, this.options.audience ?? resourceUrl);
    return verified;
  }
}

/** Refused when the verifier is built: jose would only throw at the first token, which would look like a bad token. */
function assertDuration(name: string, value: number | undefined): void {
  if (value !== undefined && !(Number.isFinite(value) && value >= 0)) {
    throw new TypeError(`jwtVerifier: \`${name}\` must be a non-negative number`);
  }
}

/** The JWKS keys, made once jose is loaded and (without `jwksUri`) once the issuer's `jwks_uri` is discovered. */
function jwksKeys(options: JwtVerifierOptions): (jose: Jose) => Promise<JWTVerifyGetKey> {
  const settings: JwksSettings = {
    cooldownMs: options.jwks?.cooldownMs ?? 30_000,
    cacheMaxAgeMs: options.jwks?.cacheMaxAgeMs ?? 600_000,
    timeoutMs: Math.ceil(options.jwks?.timeoutMs ?? 5_000),
  };
  if (options.jwksUri !== undefined && !URL.canParse(options.jwksUri)) {
    throw new TypeError(`jwtVerifier: \`jwksUri\` ${JSON.stringify(options.jwksUri)} is not a URL`);
  }
  const configured = options.jwksUri;
  const locateJwks = configured !== undefined ? async () => configured : discoveredJwksUri(options.issuer, settings);
  let keys: JWTVerifyGetKey | undefined;
  return async (jose) => {
    if (!keys) {
      const jwksUri = await locateJwks();
      keys ??= remoteJwksKeys(jose, jwksUri, settings);
    }
    return keys;
  };
}

function discoveredJwksUri(issuer: string, settings: JwksSettings): () => Promise<string> {
  const metadata = new IssuerMetadata(issuer, settings);
  return () => metadata.endpoint('jwks_uri');
}
