import { InvalidTokenError } from '../../errors/auth.errors.js';

/** Longest bearer token looked at; longer ones are refused before any parsing or network call. */
export const MAX_TOKEN_LENGTH = 16 * 1024;

/** RFC 6750 §2.1 `b64token`. */
const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;
/** A JWS in compact serialization: three base64url parts, the header and payload not empty. */
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/** Refuses what cannot be a bearer token (empty, too long, characters outside RFC 6750's `b64token`). */
export function assertBearerTokenShape(token: string): void {
  if (typeof token !== 'string' || token.length === 0) throw new InvalidTokenError('token is empty');
  if (token.length > MAX_TOKEN_LENGTH) throw new InvalidTokenError(`token is longer than ${MAX_TOKEN_LENGTH} characters`);
  if (!B64TOKEN.test(token)) throw new InvalidTokenError('token contains characters a bearer token cannot have');
}

/** Refuses what cannot be a signed JWT, before jose parses it. */
export function assertJwtShape(token: string): void {
  assertBearerTokenShape(token);
  if (!COMPACT_JWS.test(token)) throw new InvalidTokenError('token is not a JWT (three base64url parts)');
}
