import { CliError } from '../cli-error.js';
import { isJsonObject } from '../surface/json-value.js';

/**
 * A tool's arguments from `--args '<json object>'` and `key=value` words (which win). A value is read by the type the
 * tool's input schema gives its property: strings stay as typed, numbers and booleans are parsed, arrays and objects
 * are JSON; with no type known, JSON if it parses, else the text.
 */
export function toolArguments(argsJson: string | undefined, pairs: string[], inputSchema: unknown): Record<string, unknown> {
  const result = objectFromJson(argsJson);
  const properties = isJsonObject(inputSchema) && isJsonObject(inputSchema.properties) ? inputSchema.properties : {};
  for (const [key, text] of pairs.map(splitPair)) {
    const property = Object.hasOwn(properties, key) ? properties[key] : undefined;
    define(result, key, valueFor(key, text, typesOf(property)));
  }
  return result;
}

/** A prompt's arguments: every value a string, as the protocol has them. */
export function promptArguments(argsJson: string | undefined, pairs: string[]): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(objectFromJson(argsJson))) {
    if (typeof value !== 'string') throw new CliError(`--args: prompt argument "${key}" must be a string`);
    define(result, key, value);
  }
  for (const [key, text] of pairs.map(splitPair)) define(result, key, text);
  return result;
}

function objectFromJson(text: string | undefined): Record<string, unknown> {
  if (text === undefined) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new CliError(`--args is not valid JSON: ${(error as Error).message}`);
  }
  if (!isJsonObject(parsed)) throw new CliError('--args must be a JSON object, e.g. --args \'{"text":"hi"}\'');
  return parsed;
}

function splitPair(word: string): [string, string] {
  const equals = word.indexOf('=');
  if (equals <= 0) throw new CliError(`"${word}": arguments are key=value (or pass --args '<json object>')`);
  return [word.slice(0, equals), word.slice(equals + 1)];
}

function valueFor(key: string, text: string, types: string[]): unknown {
  if (types.length === 1 && types[0] === 'string') return text;
  if (types.length === 1 && (types[0] === 'number' || types[0] === 'integer')) {
    const value = Number(text);
    if (text.trim() === '' || !Number.isFinite(value)) throw new CliError(`${key}=${text}: expected a number`);
    return value;
  }
  if (types.length === 1 && types[0] === 'boolean') {
    if (text !== 'true' && text !== 'false') throw new CliError(`${key}=${text}: expected true or false`);
    return text === 'true';
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    if (types.length && !types.includes('string')) throw new CliError(`${key}=${text}: expected JSON (${types.join(' or ')})`);
    return text;
  }
}

function typesOf(property: unknown): string[] {
  if (!isJsonObject(property)) return [];
  if (typeof property.type === 'string') return [property.type];
  if (Array.isArray(property.type)) return property.type.filter((type): type is string => typeof type === 'string' && type !== 'null');
  return [];
}

/** Sets a key as plain data, even `__proto__`. */
function define(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

