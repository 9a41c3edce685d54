import { posix } from 'node:path';

/** One word in the spellings a generated file needs. */
export interface Spellings {
  /** `user-notes`: file names, URI schemes */
  kebab: string;
  /** `UserNotes`: class names */
  pascal: string;
  /** `userNotes`: method names */
  camel: string;
  /** `user notes`: descriptions */
  words: string;
}

/** What the generated files are called and where they go. */
export interface ComponentNames extends Spellings {
  /** The singular, for one item: `user-note` / `UserNote` / `userNote`. */
  one: Spellings;
  /** The folder of the generated files in the schematic's tree, e.g. `/src/user-notes`. */
  dir: string;
}

/** The options of every nestjs-mcp schematic that say where the files go (see schema.json). */
export interface LocationOptions {
  name?: unknown;
  path?: unknown;
  sourceRoot?: unknown;
  flat?: boolean;
}

const EXAMPLE = 'e.g. notes, user-notes, userNotes or admin/notes';
const COMPONENT_NAME = /^[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*$/;
const FOLDER_NAME = /^[a-z0-9_][a-z0-9._-]*$/;

/**
 * The names and folder of a component from the `name` (`notes`, `UserNotes`, `admin/notes`), `path` and `sourceRoot`
 * options, as Nest spells them (kebab-case files, a folder of their own unless `flat`). Throws a readable error for an
 * empty name, a name that cannot become a class name, or a name or path that leaves the source root.
 */
export function componentNames(options: LocationOptions): ComponentNames {
  const raw = options.name === undefined || options.name === null ? '' : String(options.name).trim();
  if (!raw) throw new Error(`A name is required (${EXAMPLE}): nest g -c nestjs-mcp <tool|resource|prompt> <name>`);
  const folders = relativeSegments(raw, 'name');
  const last = folders.pop();
  if (last === undefined) throw new Error(`Invalid name "${raw}": ${EXAMPLE}`);
  const kebab = kebabCase(last);
  if (!COMPONENT_NAME.test(kebab)) {
    throw new Error(`Invalid name "${raw}": "${last}" must start with a letter and hold only letters, digits and dashes (${EXAMPLE})`);
  }
  const path = typeof options.path === 'string' ? options.path : '';
  const sourceRoot = typeof options.sourceRoot === 'string' && options.sourceRoot.trim() ? options.sourceRoot.trim() : 'src';
  const subfolders = [...relativeSegments(path, 'path').map((segment) => folderName(segment, path)), ...folders.map((segment) => folderName(segment, raw))];
  const dir = posix.join('/', sourceRoot, ...subfolders, options.flat ? '' : kebab);
  return { ...spellings(kebab), one: spellings(singular(kebab)), dir };
}

/** The `/`-separated parts of a name or path, refusing absolute paths and `..`. */
function relativeSegments(value: string, what: 'name' | 'path'): string[] {
  const slashed = value.trim().replace(/\\/g, '/');
  if (slashed.startsWith('/') || /^[a-zA-Z]:/.test(slashed)) {
    throw new Error(`Invalid ${what} "${value}": it must be relative to the source root, not an absolute path`);
  }
  const segments = slashed.split('/').filter((segment) => segment !== '' && segment !== '.');
  if (segments.includes('..')) throw new Error(`Invalid ${what} "${value}": ".." would leave the source root`);
  return segments;
}

function folderName(segment: string, given: string): string {
  const kebab = kebabCase(segment);
  if (!FOLDER_NAME.test(kebab)) throw new Error(`Invalid folder "${segment}" in "${given}": use letters, digits, dots, dashes and underscores`);
  return kebab;
}

/** Nest's spelling of file names: `UserNotes` and `userNotes` become `user-notes`, spaces dashes. */
function kebabCase(word: string): string {
  return word
    .trim()
    .replace(/([a-z\d])([A-Z])/g, '$1-$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2')
    .toLowerCase()
    .replace(/\s+/g, '-');
}

function spellings(kebab: string): Spellings {
  const pascal = kebab
    .split(/[-_]/)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
  return { kebab, pascal, camel: pascal.charAt(0).toLowerCase() + pascal.slice(1), words: kebab.replace(/[-_]/g, ' ') };
}

/** The English singular of the last word, for the common plurals (`notes`, `categories`, `boxes`); others stay. */
function singular(kebab: string): string {
  const rules: [RegExp, string][] = [
    [/([^aeiou])ies$/, '$1y'],
    [/(ss|sh|ch|x|z)es$/, '$1'],
    [/([^isu])s$/, '$1'],
  ];
  for (const [plural, one] of rules) if (plural.test(kebab)) return kebab.replace(plural, one);
  return kebab;
}
