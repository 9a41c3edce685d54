// The part of `npm run build:lib` that tsc does not do: copies the schematics' JSON files (the collection and the
// option schemas, read by the Nest CLI) next to the compiled factories, and makes the `nestjs-mcp` command executable.
import { chmodSync, cpSync, existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const lib = join(dirname(fileURLToPath(import.meta.url)), '..', 'libs', 'mcp');
const schematics = join(lib, 'src', 'schematics');
if (existsSync(schematics)) {
  for (const file of readdirSync(schematics, { recursive: true, encoding: 'utf8' })) {
    if (file.endsWith('.json')) cpSync(join(schematics, file), join(lib, 'dist', 'schematics', file));
  }
}
const command = join(lib, 'dist', 'cli', 'main.js');
if (existsSync(command)) chmodSync(command, 0o755);
