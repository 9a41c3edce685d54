import { CliError } from '../cli-error.js';

/**
 * Splits a command line the way a POSIX shell splits words, without running one: whitespace separates words,
 * 'single quotes' keep everything literally, "double quotes" keep spaces and honour \" \\ \$ \`, and a backslash
 * outside quotes escapes the next character. No expansion of variables, globs or `~`.
 */
export function shellWords(line: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: "'" | '"' | undefined;
  for (let index = 0; index < line.length; index++) {
    const char = line[index];
    if (quote === "'") {
      if (char === "'") quote = undefined;
      else word += char;
    } else if (quote === '"') {
      if (char === '"') quote = undefined;
      else if (char === '\\' && index + 1 < line.length && '"\\$`'.includes(line[index + 1])) word += line[++index];
      else word += char;
    } else if (char === "'" || char === '"') {
      quote = char;
      inWord = true;
    } else if (char === '\\') {
      if (index + 1 === line.length) throw new CliError(`the command line ends with a lone backslash: ${line}`);
      word += line[++index];
      inWord = true;
    } else if (/\s/.test(char)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += char;
      inWord = true;
    }
  }
  if (quote) throw new CliError(`the command line has an unclosed ${quote} quote: ${line}`);
  if (inWord) words.push(word);
  return words;
}
