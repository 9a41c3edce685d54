import { describe, expect, it } from '@jest/globals';
import { compareSemver, isSemver } from './semver.js';

describe('semver', () => {
  it('accepts semantic versions and nothing else', () => {
    for (const version of ['1.0.0', '0.0.1', '10.20.30', '1.0.0-alpha', '1.0.0-alpha.1', '1.0.0-0.3.7']) expect(isSemver(version)).toBe(true);
    for (const version of ['1', '1.0', '01.0.0', '1.0.0+build', 'v1.0.0', '1.0.0-', '1.0.0-01', '', `1.0.0-${'a'.repeat(70)}`]) expect(isSemver(version)).toBe(false);
  });

  it('orders as semver.org says', () => {
    const ordered = ['1.0.0-alpha', '1.0.0-alpha.1', '1.0.0-alpha.beta', '1.0.0-beta', '1.0.0-beta.2', '1.0.0-beta.11', '1.0.0-rc.1', '1.0.0', '1.0.1', '1.2.0', '2.0.0', '10.0.0'];
    const shuffled = [...ordered].reverse();
    expect(shuffled.sort(compareSemver)).toEqual(ordered);
  });
});
