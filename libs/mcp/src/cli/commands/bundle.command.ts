import { basename, dirname, join, relative, resolve } from 'node:path';
import { Command } from 'commander';
import { bundleApp } from '../bundle/bundle-app.js';
import { print, printError } from '../output.js';
import { repeatable } from './repeatable.js';

interface BundleFlags {
  out?: string;
  external?: string[];
  sourcemap?: boolean;
}

/**
 * `nestjs-mcp bundle <entry>`: one ES module holding a built app and its dependencies, so that a stdio server starts
 * in about half the time (Node resolves and reads one file instead of ~1,400).
 */
export function bundleCommand(): Command {
  return new Command('bundle')
    .description('bundle a built entry point (e.g. dist/stdio.js) and its dependencies into one file that starts faster')
    .argument('<entry>', 'the compiled entry point (JavaScript with decorator metadata, as tsc or SWC emit it)')
    .option('-o, --out <file>', 'the file to write (default: <entry>.bundle.mjs beside the entry)')
    .option('-x, --external <package>', 'leave this package as an import, repeatable (packages that read files beside their code)', repeatable)
    .option('--sourcemap', 'write a source map beside the bundle (run with node --enable-source-maps)')
    .action(async (entryArgument: string, flags: BundleFlags) => {
      const entry = resolve(entryArgument);
      const out = resolve(flags.out ?? join(dirname(entry), `${basename(entry).replace(/\.[cm]?js$/, '')}.bundle.mjs`));
      const report = await bundleApp({ entry, out, external: flags.external ?? [], sourcemap: flags.sourcemap === true });
      for (const warning of report.warnings) await printError(`warning: ${warning}`);
      const left = report.external.length ? `; left as imports: ${report.external.join(', ')}` : '';
      await print(`Wrote ${relative(process.cwd(), out) || out}: ${(report.bytes / 1024 / 1024).toFixed(1)} MiB from ${report.inputs} files${left}`);
    });
}
