import { describe, expect, it } from '@jest/globals';
import { CliError } from '../cli-error.js';
import { shellWords } from './shell-words.js';

describe('shellWords', () => {
  it('splits on runs of whitespace', () => {
    expect(shellWords('  node   dist/stdio.js\t--flag ')).toEqual(['node', 'dist/stdio.js', '--flag']);
  });

  it('keeps quoted spaces and joins adjacent quoted parts into one word', () => {
    expect(shellWords(`node "my dir/stdio.js" 'a b'c "" ''`)).toEqual(['node', 'my dir/stdio.js', 'a bc', '', '']);
  });

  it('takes single quotes literally and honours the escapes POSIX allows in double quotes', () => {
    expect(shellWords(`'a\\"b' "c\\"d\\\\e\\n" f\\ g`)).toEqual(['a\\"b', 'c"d\\e\\n', 'f g']);
  });

  it('expands nothing', () => {
    expect(shellWords('echo $HOME ~ *.js')).toEqual(['echo', '$HOME', '~', '*.js']);
  });

  it('refuses an unclosed quote or a trailing backslash', () => {
    expect(() => shellWords('node "dist/stdio.js')).toThrow(CliError);
    expect(() => shellWords("node 'x")).toThrow('unclosed');
    expect(() => shellWords('node x\\')).toThrow('lone backslash');
  });

  it('gives no words for an empty or blank line', () => {
    expect(shellWords('')).toEqual([]);
    expect(shellWords(' \t ')).toEqual([]);
  });
});
