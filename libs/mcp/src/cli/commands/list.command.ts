import { Command } from 'commander';
import { surfaceView } from '../format/surface-view.js';
import { json, print } from '../output.js';
import { readSurface } from '../surface/read-surface.js';
import { canonicalSurface } from '../surface/surface-json.js';
import { withConnection } from '../targets/connect.js';
import { connectOptionsOf, targetOf, withTargetOptions, type TargetFlags } from '../targets/target-options.js';
import { TARGET_ARGUMENT } from './target-argument.js';

interface ListFlags extends TargetFlags {
  json?: boolean;
  schemas?: boolean;
}

/** `nestjs-mcp list [target]`: what the server offers, one line each, or as JSON. */
export function listCommand(): Command {
  return withTargetOptions(new Command('list'))
    .alias('ls')
    .description('list the tools, resources, resource templates and prompts of a server')
    .argument('[target]', TARGET_ARGUMENT)
    .option('--json', 'print the lists as JSON (what `snapshot` writes)')
    .option('--schemas', "print each tool's input and output schema")
    .action(async (positional: string | undefined, flags: ListFlags) => {
      const options = connectOptionsOf(flags);
      const surface = await withConnection(targetOf(positional, flags), options, ({ client }) => readSurface(client, options.timeoutMs));
      await print(flags.json ? json(canonicalSurface(surface)) : surfaceView(surface, { schemas: flags.schemas === true }));
    });
}
