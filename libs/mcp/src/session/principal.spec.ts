import { describe, expect, it } from '@jest/globals';
import { principalOf } from './principal.js';

describe('principalOf', () => {
  it('is issuer + subject when the authentication carries them, without the token', () => {
    const principal = principalOf({ token: 'secret', clientId: 'app', scopes: [], extra: { iss: 'https://idp', sub: 'alice' } });
    expect(principal).toBe('sub:https://idp#alice');
    expect(principal).not.toContain('secret');
  });

  it('falls back to the client id, and is undefined for anonymous requests', () => {
    expect(principalOf({ token: 't', clientId: 'app', scopes: [] })).toBe('client:app');
    expect(principalOf({ token: 't', clientId: '', scopes: [] })).toBeUndefined();
    expect(principalOf(undefined)).toBeUndefined();
  });

  it('keeps subjects of different issuers apart and ignores non-string claims', () => {
    expect(principalOf({ token: '', clientId: '', scopes: [], extra: { iss: 'a', sub: 'x' } })).not.toBe(
      principalOf({ token: '', clientId: '', scopes: [], extra: { iss: 'b', sub: 'x' } }),
    );
    expect(principalOf({ token: '', clientId: '', scopes: [], extra: { sub: { id: 1 } } })).toBeUndefined();
  });
});
