import { describe, expect, it } from '@jest/globals';
import { paginate } from './pagination.js';

describe('paginate', () => {
  const items = ['a', 'b', 'c', 'd', 'e'];

  it('walks every item once, in order, with opaque cursors', () => {
    const first = paginate(items, undefined, 2);
    expect(first.page).toEqual(['a', 'b']);
    const second = paginate(items, first.nextCursor, 2);
    expect(second.page).toEqual(['c', 'd']);
    const last = paginate(items, second.nextCursor, 2);
    expect(last).toEqual({ page: ['e'] });
  });

  it('refuses cursors it did not mint', () => {
    expect(() => paginate(items, 'garbage', 2)).toThrow(/Invalid cursor/);
    expect(() => paginate(items, Buffer.from('-1').toString('base64url'), 2)).toThrow(/Invalid cursor/);
  });
});
