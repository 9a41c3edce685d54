import { createRequire } from 'node:module';
import { join, posix } from 'node:path';
import type { SchematicContext, Tree } from '@angular-devkit/schematics';
import type * as TypeScript from 'typescript';
import { importSpecifier } from './import-specifier.cjs';
import { addProvider } from './module-providers.cjs';

/** A generated provider class and the file that holds it (a tree path ending in `.ts`). */
export interface GeneratedProvider {
  className: string;
  file: string;
}

/**
 * Registers the provider in the nearest `*.module.ts` at or above `dir`, as `nest g service` does: the import and an
 * entry in `providers`. When that cannot be done safely it changes nothing and logs what to add by hand.
 */
export function registerProvider(tree: Tree, context: SchematicContext, provider: GeneratedProvider, dir: string, esm: boolean): void {
  const modulePath = nearestModule(tree, dir);
  const shown = (path: string) => path.replace(/^\//, '');
  if (!modulePath) {
    context.logger.warn(`No *.module.ts found at or above ${shown(dir)}: add ${provider.className} (${shown(provider.file)}) to the providers of a module by hand.`);
    return;
  }
  const specifier = importSpecifier(modulePath, provider.file, esm);
  const byHand = `add ${provider.className} to its providers by hand (import { ${provider.className} } from '${specifier}';).`;
  const ts = projectTypeScript();
  if (!ts) {
    context.logger.warn(`${shown(modulePath)} was not changed: the project's "typescript" package could not be loaded; ${byHand}`);
    return;
  }
  const text = tree.read(modulePath)?.toString('utf8') ?? '';
  const edit = addProvider(ts, modulePath, text, provider.className, specifier);
  if (edit.kind === 'edited') tree.overwrite(modulePath, edit.text);
  else if (edit.kind === 'present') context.logger.info(`${provider.className} is already in the providers of ${shown(modulePath)}.`);
  else context.logger.warn(`${shown(modulePath)} was not changed: ${edit.reason}; ${byHand}`);
}

/** The closest `*.module.ts` walking up from `dir` (which may not exist yet) to the root of the tree. */
function nearestModule(tree: Tree, dir: string): string | null {
  for (let entry: ReturnType<Tree['getDir']> | null = tree.getDir(dir); entry; entry = entry.parent) {
    const found = entry.subfiles.filter((file) => file.endsWith('.module.ts')).sort()[0];
    if (found) return posix.join(entry.path, found);
  }
  return null;
}

/** The `typescript` package of the project being generated into (the working directory), not one of our own. */
function projectTypeScript(): typeof TypeScript | null {
  try {
    return createRequire(join(process.cwd(), 'package.json'))('typescript') as typeof TypeScript;
  } catch {
    return null;
  }
}
