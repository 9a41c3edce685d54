import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CliError } from '../cli-error.js';

const NAME = /^[A-Za-z0-9_.-]{1,64}$/;

/**
 * The key of the entry: `--name`, else the `name` of the working directory's package.json without its npm scope
 * (`@acme/notes` -> `notes`). 1 to 64 letters, digits, `_`, `.` and `-`; never `__proto__`, which a JSON object
 * cannot hold as a plain key.
 */
export function serverNameOf(flag: string | undefined, cwd: string): string {
  const name = flag ?? packageName(cwd);
  if (!NAME.test(name) || name === '__proto__') {
    throw new CliError(`${JSON.stringify(name)} cannot name a server: use --name with 1 to 64 letters, digits, "_", "." or "-"`);
  }
  return name;
}

function packageName(cwd: string): string {
  const file = resolve(cwd, 'package.json');
  let name: unknown;
  try {
    name = (JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown } | null)?.name;
  } catch {
    throw new CliError(`no --name given and no readable package.json here to take one from: pass --name <name>`);
  }
  if (typeof name !== 'string') throw new CliError(`no --name given and ${file} has no "name": pass --name <name>`);
  return name.replace(/^@[^/]*\//, '');
}
