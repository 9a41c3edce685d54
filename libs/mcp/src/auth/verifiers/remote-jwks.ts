import type { JWTVerifyGetKey } from 'jose';
import { AuthorizationServerUnavailableError } from '../../errors/auth.errors.js';
import { FailureCooldown } from './failure-cooldown.js';
import { fetchJson, isJsonObject } from './fetch-json.js';
import type { Jose } from './jose-loader.js';
import { joseCodeOf } from './jwt-errors.js';

export interface JwksSettings {
  readonly cooldownMs: number;
  readonly cacheMaxAgeMs: number;
  readonly timeoutMs: number;
}

/** What a key lookup can say about the token itself; anything else means the JWKS could not be used. */
const TOKEN_PROBLEMS = new Set(['ERR_JWKS_NO_MATCHING_KEY', 'ERR_JWKS_MULTIPLE_MATCHING_KEYS', 'ERR_JOSE_NOT_SUPPORTED']);

/**
 * The keys of a JWKS URL, through jose's `createRemoteJWKSet`: cached for `cacheMaxAgeMs`, refetched when no key
 * matches the token's `kid`/`alg` but at most once per `cooldownMs` (an unknown-`kid` flood costs one fetch). jose
 * keeps no memory of failed fetches, so ours go through a `FailureCooldown`: while the JWKS is down, one fetch per
 * cooldown, the other lookups refused at once. A failure is an `AuthorizationServerUnavailableError`.
 */
export function remoteJwksKeys(jose: Jose, jwksUri: string, settings: JwksSettings): JWTVerifyGetKey {
  const what = `the JWKS at ${jwksUri}`;
  const failures = new FailureCooldown(settings.cooldownMs);
  const jwks = jose.createRemoteJWKSet(new URL(jwksUri), {
    timeoutDuration: settings.timeoutMs,
    cooldownDuration: settings.cooldownMs,
    cacheMaxAge: settings.cacheMaxAgeMs,
    [jose.customFetch]: (url, { signal, ...init }) =>
      failures.run(async () => {
        const body = await fetchJson({ what, url, init, timeoutMs: settings.timeoutMs, signal });
        if (!isJsonObject(body) || !Array.isArray(body.keys)) {
          throw new AuthorizationServerUnavailableError(`${what} is not a JSON Web Key Set`);
        }
        return new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } });
      }),
  });
  return async (header, token) => {
    try {
      return await jwks(header, token);
    } catch (error) {
      if (error instanceof AuthorizationServerUnavailableError || TOKEN_PROBLEMS.has(joseCodeOf(error) ?? '')) throw error;
      throw new AuthorizationServerUnavailableError(`${what} could not be used (${error instanceof Error ? error.message : String(error)})`, {
        cause: error,
      });
    }
  };
}
