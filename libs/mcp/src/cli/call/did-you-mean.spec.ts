import { describe, expect, it } from '@jest/globals';
import { closestNames } from './did-you-mean.js';

describe('closestNames', () => {
  const names = ['addNote', 'searchNotes', 'countNotes', 'reindex', 'summarizeNotes'];

  it('suggests names a typo away, closest first, ignoring case', () => {
    expect(closestNames('addNot', names)).toEqual(['addNote']);
    expect(closestNames('ADDNOTE', names)).toEqual(['addNote']);
    expect(closestNames('searchNote', names)).toEqual(['searchNotes']);
  });

  it('suggests nothing for names too far from any, or for very short or very long names', () => {
    expect(closestNames('deleteEverything', names)).toEqual([]);
    expect(closestNames('x'.repeat(300), ['x'.repeat(300)])).toEqual([]);
    expect(closestNames('zz', names)).toEqual([]);
  });

  it('returns at most the limit', () => {
    expect(closestNames('tool', ['tool1', 'tool2', 'tool3', 'tool4'], 2)).toHaveLength(2);
  });
});
