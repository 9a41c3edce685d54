import { describe, expect, it } from '@jest/globals';
import { LineSplitter } from './line-splitter.js';

describe('LineSplitter', () => {
  function splitter(maxBytes = 1_000) {
    const lines: string[] = [];
    let oversized = 0;
    const split = new LineSplitter(maxBytes, (line) => lines.push(line), () => oversized++);
    return { split, lines, oversized: () => oversized };
  }

  it('joins lines cut across chunks and drops a trailing carriage return', () => {
    const { split, lines } = splitter();
    split.push('{"a":');
    split.push(Buffer.from('1}\r\n{"b":2}\n{"c"'));
    split.push(':3}\n');
    expect(lines).toEqual(['{"a":1}', '{"b":2}', '{"c":3}']);
  });

  it('reports a line longer than the limit once, skips it to its newline, and goes on', () => {
    const { split, lines, oversized } = splitter(10);
    split.push('0123456789ABCDEF');
    split.push('more of the same line');
    split.push(' end\nshort\n');
    expect(oversized()).toBe(1);
    expect(lines).toEqual(['short']);
    split.push(`${'x'.repeat(20)}\nok\n`);
    expect(oversized()).toBe(2);
    expect(lines).toEqual(['short', 'ok']);
  });
});
