import { describe, expect, it } from '@jest/globals';
import { advertisedScopes, expandScopes } from './scope-expansion.js';

describe('expandScopes', () => {
  it('adds included scopes transitively and survives cycles', () => {
    const hierarchy = { admin: ['write'], write: ['read'], loop: ['loop', 'admin'] };
    expect(expandScopes(['admin'], hierarchy).sort()).toEqual(['admin', 'read', 'write']);
    expect(expandScopes(['loop'], hierarchy).sort()).toEqual(['admin', 'loop', 'read', 'write']);
    expect(expandScopes(['other'], hierarchy)).toEqual(['other']);
  });

  it('ignores inherited object keys', () => {
    expect(expandScopes(['constructor', 'toString'], {})).toEqual(['constructor', 'toString']);
  });
});

describe('advertisedScopes', () => {
  it('lists each scope once and never offline_access', () => {
    expect(advertisedScopes(['a', 'offline_access', 'b', 'a'])).toEqual(['a', 'b']);
  });
});
