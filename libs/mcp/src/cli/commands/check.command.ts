import { relative, resolve } from 'node:path';
import { Command, Option } from 'commander';
import { json, print } from '../output.js';
import { readSurface } from '../surface/read-surface.js';
import { renderChanges } from '../surface/render-changes.js';
import { diffSurfaces } from '../surface/surface-diff.js';
import { canonicalSurface, readSurfaceFile } from '../surface/surface-json.js';
import { surfaceSummary } from '../surface/surface-summary.js';
import { DEFAULT_SURFACE_FILE } from '../surface/surface.js';
import { withConnection } from '../targets/connect.js';
import { connectOptionsOf, targetOf, withTargetOptions, type TargetFlags } from '../targets/target-options.js';
import { TARGET_ARGUMENT } from './target-argument.js';

interface CheckFlags extends TargetFlags {
  file: string;
  failOn: 'any' | 'breaking';
  json?: boolean;
}

/**
 * `nestjs-mcp check [target]`: the schema-drift gate. Compares the server's surface with the committed file and exits
 * 1 when they differ (`--fail-on breaking`: only when a change would break a client), listing every change.
 */
export function checkCommand(): Command {
  return withTargetOptions(new Command('check'))
    .description("compare the server's surface with the committed snapshot; exit 1 when it drifted (for CI)")
    .argument('[target]', TARGET_ARGUMENT)
    .option('-f, --file <file>', 'the committed snapshot', DEFAULT_SURFACE_FILE)
    .addOption(new Option('--fail-on <level>', 'fail on any change, or only on breaking ones').choices(['any', 'breaking']).default('any'))
    .option('--json', 'print the result as JSON')
    .action(async (positional: string | undefined, flags: CheckFlags) => {
      const file = resolve(flags.file);
      const shown = relative(process.cwd(), file) || file;
      const committed = await readSurfaceFile(file, shown);
      const options = connectOptionsOf(flags);
      const current = canonicalSurface(await withConnection(targetOf(positional, flags), options, ({ client }) => readSurface(client, options.timeoutMs)));
      const changes = diffSurfaces(committed, current);
      const failed = changes.some((change) => flags.failOn === 'any' || change.level === 'breaking');
      if (failed) process.exitCode = 1;
      if (flags.json) {
        await print(json({ file: shown, matches: changes.length === 0, failed, failOn: flags.failOn, changes }));
        return;
      }
      if (!changes.length) {
        await print(`${shown} matches the server: ${surfaceSummary(current)}`);
        return;
      }
      const verdict = failed
        ? `If these changes are intended, run \`nestjs-mcp snapshot\` and commit ${shown}.`
        : `No breaking change (--fail-on breaking): passing. Run \`nestjs-mcp snapshot\` to record them.`;
      await print(`The server's MCP surface differs from ${shown}:\n\n${renderChanges(changes)}\n${verdict}`);
    });
}
