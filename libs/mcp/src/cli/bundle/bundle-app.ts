import { existsSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { extname } from 'node:path';
import type { Metafile } from 'esbuild';
import { CliError } from '../cli-error.js';
import { bundleOptions, type BundleRequest } from './bundle-options.js';

/** What was written: the bundle's size, how many source files went in, which packages stayed imports. */
export interface BundleReport {
  bytes: number;
  inputs: number;
  external: string[];
  warnings: string[];
}

const TYPESCRIPT = new Set(['.ts', '.mts', '.cts', '.tsx']);

/** Bundles a built entry point with esbuild (an optional dependency, loaded only here). */
export async function bundleApp(request: BundleRequest): Promise<BundleReport> {
  if (TYPESCRIPT.has(extname(request.entry))) {
    throw new CliError(`${request.entry} is TypeScript: bundle the compiled entry (e.g. dist/stdio.js); esbuild cannot emit the decorator metadata Nest injects by`);
  }
  if (!existsSync(request.entry)) throw new CliError(`${request.entry} does not exist: build the app first`);
  if (extname(request.out) !== '.mjs') throw new CliError(`${request.out}: the bundle is an ES module, its name must end in .mjs`);
  const esbuild = await import('esbuild').catch(() => {
    throw new CliError('bundling needs esbuild: npm install --save-dev esbuild');
  });
  const result = await esbuild.build(bundleOptions(request)).catch((error: { errors?: { text: string; location?: { file: string; line: number } | null }[] }) => {
    const problems = (error.errors ?? []).map(({ text, location }) => (location ? `${location.file}:${location.line}: ${text}` : text));
    throw new CliError(`could not bundle ${request.entry}:\n${problems.join('\n') || String(error)}`);
  });
  return {
    bytes: Object.values(result.metafile.outputs).find((output) => output.entryPoint !== undefined)?.bytes ?? 0,
    inputs: Object.keys(result.metafile.inputs).length,
    external: externalPackages(result.metafile),
    warnings: result.warnings.map(({ text }) => text),
  };
}

function externalPackages(metafile: Metafile): string[] {
  const external = new Set<string>();
  for (const input of Object.values(metafile.inputs)) {
    for (const { path, external: isExternal } of input.imports) if (isExternal && !isBuiltin(path) && !path.startsWith('<')) external.add(path);
  }
  return [...external].sort();
}

