import { posix } from 'node:path';

/**
 * The relative specifier that imports the TypeScript file `target` from the file `from` (both tree paths): with the
 * `.js` extension an ESM project (`"type": "module"`, nodenext) needs, without one in a CommonJS project.
 */
export function importSpecifier(from: string, target: string, esm: boolean): string {
  const relative = posix.relative(posix.dirname(from), target.replace(/\.ts$/, ''));
  return `${relative.startsWith('.') ? '' : './'}${relative}${esm ? '.js' : ''}`;
}

/** Whether the project's package.json says `"type": "module"`. */
export function isEsmProject(packageJson: Buffer | null): boolean {
  try {
    return packageJson !== null && (JSON.parse(packageJson.toString('utf8')) as { type?: unknown }).type === 'module';
  } catch {
    return false;
  }
}
