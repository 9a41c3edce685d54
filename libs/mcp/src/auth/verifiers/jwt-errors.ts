import { AuthorizationServerUnavailableError, InvalidTokenError } from '../../errors/auth.errors.js';

/** The `code` of a jose error (`ERR_JWT_EXPIRED`…), read without importing jose. */
export function joseCodeOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error) || typeof error.code !== 'string') return undefined;
  return error.code.startsWith('ERR_J') ? error.code : undefined;
}

/**
 * What a failed `jwtVerify` means for the caller: an `InvalidTokenError` with a short description (never the token),
 * or an `AuthorizationServerUnavailableError` when the issuer's keys could not be had.
 */
export function jwtErrorOf(error: unknown): Error {
  if (error instanceof InvalidTokenError || error instanceof AuthorizationServerUnavailableError) return error;
  const code = joseCodeOf(error);
  const invalid = (message: string): InvalidTokenError => new InvalidTokenError(message, { cause: error });
  switch (code) {
    case 'ERR_JWT_EXPIRED':
      return invalid('token expired');
    case 'ERR_JWT_CLAIM_VALIDATION_FAILED':
      return invalid(claimProblem(error));
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
    case 'ERR_JWKS_MULTIPLE_MATCHING_KEYS':
      return invalid('token signature is invalid');
    case 'ERR_JWKS_NO_MATCHING_KEY':
      return invalid('token was not signed by a key of the issuer');
    case 'ERR_JOSE_ALG_NOT_ALLOWED':
      return invalid('token algorithm is not allowed');
    case 'ERR_JOSE_NOT_SUPPORTED':
      return invalid('token uses an unsupported algorithm or header');
    case 'ERR_JWKS_TIMEOUT':
    case 'ERR_JWKS_INVALID':
    case 'ERR_JOSE_GENERIC':
      return new AuthorizationServerUnavailableError(`the issuer's keys could not be fetched (${String((error as { message?: unknown }).message)})`, { cause: error });
    default:
      // Malformed JWS/JWT, and anything jose throws while reading a hostile token: a 401, never a 500.
      return invalid('token is not a valid JWT');
  }
}

function claimProblem(error: unknown): string {
  const { claim, reason } = error as { claim?: unknown; reason?: unknown };
  if (reason === 'missing') return claim === 'exp' ? 'token has no expiry (exp)' : `token has no "${String(claim)}" claim`;
  switch (claim) {
    case 'iss':
      return 'token issuer is not trusted';
    case 'nbf':
      return reason === 'invalid' ? 'token "nbf" claim is not a number' : 'token is not valid yet (nbf)';
    case 'typ':
      return 'token type (typ) is not accepted';
    default:
      return `token "${String(claim)}" claim is invalid`;
  }
}
