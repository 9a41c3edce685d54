import { posix } from 'node:path';
import type { Rule } from '@angular-devkit/schematics';
import { isEsmProject } from './import-specifier.cjs';
import { componentNames, type ComponentNames, type LocationOptions } from './names.cjs';
import { registerProvider } from './register-provider.cjs';

/** The options the Nest CLI passes to every nestjs-mcp schematic (schema.json). */
export interface ProviderSchematicOptions extends LocationOptions {
  spec?: boolean;
  specFileSuffix?: string;
  skipImport?: boolean;
  language?: string;
}

/** Writes a relative import for this project: `./dto/create-note.dto` gets `.js` in an ESM project. */
export type RelativeImport = (specifier: string) => string;

/** What one schematic generates, file names relative to the component's folder. */
export interface Blueprint {
  provider: { className: string; file: string; content: string };
  /** More files the provider needs (DTOs), by relative path. */
  extras: Record<string, string>;
  /** The spec of the provider, written next to it unless `--no-spec`. */
  spec: string;
}

/**
 * A schematic that writes a provider, its extra files and its spec into the component's folder, refusing to overwrite
 * anything, and registers the provider in the nearest module (unless `--skip-import`). Every change goes through the
 * tree, so `--dry-run` writes nothing and a failure leaves the project as it was.
 */
export function providerSchematic(blueprint: (names: ComponentNames, relative: RelativeImport) => Blueprint) {
  return (options: ProviderSchematicOptions): Rule =>
    (tree, context) => {
      if (options.language === 'js') throw new Error('The nestjs-mcp schematics generate TypeScript; this project is configured for JavaScript ("language": "js")');
      const names = componentNames(options);
      const esm = isEsmProject(tree.read('/package.json'));
      const plan = blueprint(names, (specifier) => (esm ? `${specifier}.js` : specifier));
      const suffix = options.specFileSuffix || 'spec';
      if (!/^[\w.-]+$/.test(suffix)) throw new Error(`Invalid spec file suffix "${suffix}": use letters, digits, dots and dashes`);
      const specFile = plan.provider.file.replace(/\.ts$/, `.${suffix}.ts`);
      const files = Object.entries({
        [plan.provider.file]: plan.provider.content,
        ...plan.extras,
        ...(options.spec === false ? {} : { [specFile]: plan.spec }),
      }).map(([file, content]) => ({ path: posix.join(names.dir, file), content }));
      const existing = files.filter(({ path }) => tree.exists(path)).map(({ path }) => path.slice(1));
      if (existing.length) {
        const [verb, them] = existing.length === 1 ? ['exists', 'it'] : ['exist', 'them'];
        throw new Error(`${existing.join(', ')} already ${verb}: nothing was generated (remove ${them}, or choose another name or path)`);
      }
      for (const { path, content } of files) tree.create(path, content);
      if (!options.skipImport) {
        registerProvider(tree, context, { className: plan.provider.className, file: files[0].path }, names.dir, esm);
      }
      return tree;
    };
}
