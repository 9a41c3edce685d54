/** What the `Authorization` header of a request offers. */
export type BearerCredentials =
  | { readonly kind: 'none' }
  | { readonly kind: 'malformed'; readonly reason: string }
  | { readonly kind: 'token'; readonly token: string };

/** Longest bearer token accepted; real access tokens are a few KiB at most. */
export const MAX_BEARER_TOKEN_LENGTH = 8192;

/** RFC 6750 §2.1 `b64token`. */
const TOKEN68 = /^[A-Za-z0-9\-._~+/]+=*$/;
const NONE: BearerCredentials = { kind: 'none' };

/**
 * Reads a bearer token from the `Authorization` header only (RFC 6750 §2.1; never the query string). No header or
 * another scheme (Basic, ...) offers no bearer credentials at all; a Bearer header that is not one token is malformed.
 */
export function bearerCredentials(header: string | string[] | undefined): BearerCredentials {
  if (typeof header !== 'string' || header === '') return NONE;
  const space = header.indexOf(' ');
  const scheme = space === -1 ? header : header.slice(0, space);
  if (scheme.toLowerCase() !== 'bearer') return NONE;
  const token = space === -1 ? '' : header.slice(space + 1).trim();
  if (token === '') return { kind: 'malformed', reason: 'the Bearer credentials are empty' };
  if (token.length > MAX_BEARER_TOKEN_LENGTH) return { kind: 'malformed', reason: `the bearer token is longer than ${MAX_BEARER_TOKEN_LENGTH} characters` };
  if (!TOKEN68.test(token)) return { kind: 'malformed', reason: 'the Authorization header must carry exactly one bearer token' };
  return { kind: 'token', token };
}
