import { describe, expect, it } from '@jest/globals';
import { bearerCredentials, MAX_BEARER_TOKEN_LENGTH } from './bearer-credentials.js';

describe('bearerCredentials', () => {
  it('reads one bearer token, the scheme in any case', () => {
    expect(bearerCredentials('Bearer abc.DEF-_~+/9==')).toEqual({ kind: 'token', token: 'abc.DEF-_~+/9==' });
    expect(bearerCredentials('bearer abc')).toEqual({ kind: 'token', token: 'abc' });
    expect(bearerCredentials('BEARER  abc ')).toEqual({ kind: 'token', token: 'abc' });
  });

  it('sees no bearer credentials without the header or with another scheme', () => {
    for (const header of [undefined, '', 'Basic dXNlcjpwYXNz', 'Token abc', 'Bearerabc', ['Bearer a', 'Bearer b']]) {
      expect(bearerCredentials(header)).toEqual({ kind: 'none' });
    }
  });

  it('calls a Bearer header that is not exactly one token malformed', () => {
    for (const header of ['Bearer', 'Bearer ', 'Bearer a b', 'Bearer a,b', 'Bearer "a"', 'Bearer a=b', 'Bearer é', 'Bearer a\u0000b']) {
      expect(bearerCredentials(header).kind).toBe('malformed');
    }
    expect(bearerCredentials(`Bearer ${'a'.repeat(MAX_BEARER_TOKEN_LENGTH)}`).kind).toBe('token');
    expect(bearerCredentials(`Bearer ${'a'.repeat(MAX_BEARER_TOKEN_LENGTH + 1)}`)).toEqual({
      kind: 'malformed',
      reason: `the bearer token is longer than ${MAX_BEARER_TOKEN_LENGTH} characters`,
    });
  });
});
