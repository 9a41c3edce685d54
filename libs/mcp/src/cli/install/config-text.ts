import { CliError } from '../cli-error.js';
import { isJsonObject, jsonKindOf, type JsonObject } from '../surface/json-value.js';

export type { JsonObject };

/** Deeper documents are refused: they are not configuration, and writing them back could overflow the stack. */
export const MAX_CONFIG_DEPTH = 256;

/** A config file `install` must not rewrite; the command prints the entry to add by hand instead. Exit code 1. */
export class ConfigNotWritable extends CliError {
  constructor(message: string) {
    super(message, 1);
  }
}

/**
 * The object a config file holds: blank text is an empty object; anything but a JSON object, or JSON with comments
 * (VS Code's mcp.json allows them, and a rewrite would drop them), is refused.
 */
export function parseConfigText(text: string, file: string): JsonObject {
  if (text.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    if (hasComments(text)) throw new ConfigNotWritable(`${file} has comments, which rewriting it would lose`);
    throw new ConfigNotWritable(`${file} is not valid JSON (${(error as Error).message})`);
  }
  if (!isJsonObject(value)) throw new ConfigNotWritable(`${file} holds ${jsonKindOf(value)}, not a JSON object`);
  if (depthOf(value) > MAX_CONFIG_DEPTH) throw new ConfigNotWritable(`${file} is nested more than ${MAX_CONFIG_DEPTH} levels deep`);
  return value;
}

/** Whether `//` or `/*` appears outside a string: JSONC, not JSON. */
export function hasComments(text: string): boolean {
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (inString) {
      if (char === '\\') index++;
      else if (char === '"') inString = false;
    } else if (char === '"') {
      inString = true;
    } else if (char === '/' && (text[index + 1] === '/' || text[index + 1] === '*')) {
      return true;
    }
  }
  return false;
}

/** The nesting depth of a parsed JSON value, without recursion (JSON.parse itself takes any depth). */
function depthOf(root: unknown): number {
  let deepest = 0;
  const stack: Array<[unknown, number]> = [[root, 1]];
  while (stack.length > 0) {
    const [value, depth] = stack.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    deepest = Math.max(deepest, depth);
    if (deepest > MAX_CONFIG_DEPTH) return deepest;
    for (const child of Object.values(value)) stack.push([child, depth + 1]);
  }
  return deepest;
}
