import { readFile, rename, writeFile } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { Command } from 'commander';
import { CliError } from '../cli-error.js';
import { print } from '../output.js';
import { readSurface } from '../surface/read-surface.js';
import { surfaceSummary } from '../surface/surface-summary.js';
import { canonicalSurface, surfaceFileText } from '../surface/surface-json.js';
import { DEFAULT_SURFACE_FILE } from '../surface/surface.js';
import { withConnection } from '../targets/connect.js';
import { connectOptionsOf, targetOf, withTargetOptions, type TargetFlags } from '../targets/target-options.js';
import { TARGET_ARGUMENT } from './target-argument.js';

interface SnapshotFlags extends TargetFlags {
  out: string;
}

/** `nestjs-mcp snapshot [target]`: writes the server's surface to a file to commit (`check` compares against it). */
export function snapshotCommand(): Command {
  return withTargetOptions(new Command('snapshot'))
    .description(`write the server's surface (every tool, resource, template and prompt, with schemas) to a file to commit`)
    .argument('[target]', TARGET_ARGUMENT)
    .option('-o, --out <file>', 'the file to write', DEFAULT_SURFACE_FILE)
    .action(async (positional: string | undefined, flags: SnapshotFlags) => {
      const options = connectOptionsOf(flags);
      const surface = canonicalSurface(await withConnection(targetOf(positional, flags), options, ({ client }) => readSurface(client, options.timeoutMs)));
      const file = resolve(flags.out);
      const text = surfaceFileText(surface);
      const before = await readFile(file, 'utf8').catch(() => undefined);
      if (before !== text) await writeAtomically(file, text);
      const verb = before === undefined ? 'Wrote' : before === text ? 'Unchanged:' : 'Updated';
      await print(`${verb} ${relative(process.cwd(), file) || file}: ${surfaceSummary(surface)}`);
    });
}

async function writeAtomically(file: string, text: string): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    await writeFile(temporary, text);
    await rename(temporary, file);
  } catch (error) {
    throw new CliError(`could not write ${file}: ${(error as Error).message}`);
  }
}
