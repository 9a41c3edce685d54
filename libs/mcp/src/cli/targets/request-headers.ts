import { CliError } from '../cli-error.js';

// Header names every client accepts and mcp-remote's `--header` parser matches (`^([A-Za-z0-9_-]+):`).
const HEADER_NAME = /^[A-Za-z0-9_-]+$/;
/** Control characters other than tab: a line break in a header or env value would forge another header or variable. */
// eslint-disable-next-line no-control-regex
export const CONTROL_CHARACTER = /[\u0000-\u0008\u000a-\u001f\u007f]/;

/** The `--header "Name: value"` options as headers (names as given), refusing odd names, control characters and repeats. */
export function headersOf(lines: string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  const seen = new Set<string>();
  for (const line of lines) {
    const colon = line.indexOf(':');
    const name = line.slice(0, Math.max(colon, 0)).trim();
    if (!HEADER_NAME.test(name)) throw new CliError(`--header ${JSON.stringify(line)}: expected "Name: value" with a name of letters, digits, - and _`);
    const value = line.slice(colon + 1).trim();
    if (CONTROL_CHARACTER.test(value)) throw new CliError(`--header ${name}: the value may not contain line breaks or control characters`);
    if (seen.has(name.toLowerCase())) throw new CliError(`--header ${name} is given twice`);
    seen.add(name.toLowerCase());
    headers[name] = value;
  }
  return headers;
}
