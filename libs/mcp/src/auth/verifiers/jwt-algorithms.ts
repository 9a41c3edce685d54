/** What `jwtVerifier` accepts by default from a JWKS or a public key: RSA, RSA-PSS, P-256 and Ed25519 signatures. */
export const DEFAULT_ASYMMETRIC_ALGORITHMS: readonly string[] = ['RS256', 'PS256', 'ES256', 'EdDSA'];
export const HMAC_ALGORITHMS: readonly string[] = ['HS256', 'HS384', 'HS512'];

/**
 * The allow-list of a verifier. `none` is never allowed; HMAC (`HS*`) only with a shared secret and only HMAC with
 * one, so a public key can never be used as an HMAC secret (the algorithm confusion attack).
 */
export function allowedAlgorithms(requested: readonly string[] | undefined, keyIsSecret: boolean): string[] {
  const algorithms = [...(requested ?? (keyIsSecret ? HMAC_ALGORITHMS : DEFAULT_ASYMMETRIC_ALGORITHMS))];
  if (algorithms.length === 0) throw new TypeError('jwtVerifier: `algorithms` must name at least one algorithm');
  for (const algorithm of algorithms) {
    if (algorithm.toLowerCase() === 'none') throw new TypeError('jwtVerifier: the "none" algorithm is never allowed');
    const hmac = HMAC_ALGORITHMS.includes(algorithm);
    if (keyIsSecret && !hmac) {
      throw new TypeError(`jwtVerifier: ${algorithm} cannot be verified with a shared secret (only ${HMAC_ALGORITHMS.join(', ')})`);
    }
    if (!keyIsSecret && algorithm.toUpperCase().startsWith('HS')) {
      throw new TypeError(`jwtVerifier: ${algorithm} needs \`key\` to be a shared secret; a JWKS or public key cannot verify it`);
    }
  }
  return algorithms;
}
