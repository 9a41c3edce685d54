/** A bearer token that is not acceptable (bad signature, wrong issuer or audience, expired, revoked): HTTP 401. */
export class InvalidTokenError extends Error {
  override readonly name = 'InvalidTokenError';

  /** `message` goes to the client as `error_description`: say what is wrong, never echo the token. */
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The authorization server (JWKS, introspection, discovery) could not be asked: HTTP 503, retry later. */
export class AuthorizationServerUnavailableError extends Error {
  override readonly name = 'AuthorizationServerUnavailableError';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
