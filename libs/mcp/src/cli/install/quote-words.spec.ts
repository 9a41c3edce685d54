import { describe, expect, it } from '@jest/globals';
import { quoteWords } from './quote-words.js';

describe('quoteWords', () => {
  it('quotes only what a shell would split or expand', () => {
    expect(quoteWords(['/usr/bin/node', '/a b/stdio.js', "it's", '--x=1', '$HOME'])).toBe(`/usr/bin/node '/a b/stdio.js' 'it'\\''s' --x=1 '$HOME'`);
  });
});
