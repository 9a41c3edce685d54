import { jsonEqual } from './json-equality.js';
import { absentOr, compareText, isJsonObject, keysOfEither, ownValue, preview, type JsonObject, type PathSegment } from './json-value.js';
import {
  constant,
  describes,
  enumeration,
  lowerBound,
  multipleOf,
  stringConstraint,
  type,
  unclear,
  uniqueItems,
  upperBound,
  type KeywordComparison,
} from './schema-keywords.js';
import { SchemaSite, type FieldChange, type SchemaDirection } from './schema-site.js';

/** Past this depth a schema is compared as a whole: a hostile one cannot make the comparison recurse without end. */
export const MAX_SCHEMA_DEPTH = 64;

/**
 * What changed between two JSON Schemas, each change classified by what it does to callers: for an `input` schema
 * (what callers send) narrowing breaks them, for an `output` schema (what callers read) widening does. `path` is
 * where the schema sits in its component (`['inputSchema']`). Never throws, whatever the schemas hold.
 */
export function diffSchemas(before: unknown, after: unknown, direction: SchemaDirection, path: readonly PathSegment[]): FieldChange[] {
  const changes: FieldChange[] = [];
  compareSchemas(before, after, SchemaSite.root(direction, path, changes));
  return changes;
}

/**
 * Walks both schemas once: equal parts report nothing. Recursive keywords are not checked for equality before being
 * compared (that would walk each subtree again at every level above it); every other keyword is.
 */
function compareSchemas(before: unknown, after: unknown, site: SchemaSite): void {
  if (before === after) return;
  if (site.depth >= MAX_SCHEMA_DEPTH) {
    if (!jsonEqual(before, after)) site.report('unclear', `changed more than ${MAX_SCHEMA_DEPTH} levels deep (not compared in detail)`);
    return;
  }
  if (before === false) return site.report('widened', 'is no longer forbidden (was schema false)');
  if (after === false) return site.report('narrowed', 'is now forbidden (schema false)');
  const was = asSchema(before);
  const now = asSchema(after);
  if (!was || !now) {
    if (!jsonEqual(before, after)) site.report('unclear', `changed from ${preview(before)} to ${preview(after)}, which is not a valid JSON Schema`);
    return;
  }
  compareProperties(was, now, site);
  for (const keyword of keysOfEither(was, now)) {
    if (keyword === 'properties' || keyword === 'required') continue;
    const wasValue = ownValue(was, keyword);
    const nowValue = ownValue(now, keyword);
    const comparison = KEYWORDS.get(keyword) ?? unclear;
    if (RECURSIVE.has(comparison) || !jsonEqual(wasValue, nowValue)) comparison(wasValue, nowValue, keyword, site);
  }
}

/** `true` allows anything, as `{}` does. */
function asSchema(value: unknown): JsonObject | undefined {
  return value === true ? {} : isJsonObject(value) ? value : undefined;
}

/** `properties` and `required` together: a property's existence, its schema and whether it must be present. */
function compareProperties(was: JsonObject, now: JsonObject, site: SchemaSite): void {
  const before = propertiesOf(was, now, site);
  const after = propertiesOf(now, was, site);
  if (!before || !after) return;
  const names = new Set([...before.schemas.keys(), ...after.schemas.keys(), ...before.required, ...after.required]);
  for (const name of [...names].sort(compareText)) {
    const property = site.property(name);
    const existed = before.schemas.has(name) || before.required.has(name);
    const exists = after.schemas.has(name) || after.required.has(name);
    if (!exists) property.report('breaking', 'was removed');
    else if (!existed) addedProperty(property, after.required.has(name));
    else {
      requiredChange(property, before.required.has(name), after.required.has(name));
      compareSchemas(before.schemas.get(name) ?? true, after.schemas.get(name) ?? true, property);
    }
  }
}

interface Properties {
  schemas: Map<string, unknown>;
  required: Set<string>;
}

/** A schema's properties and required names, or undefined (reported) when they are malformed and changed. */
function propertiesOf(schema: JsonObject, other: JsonObject, site: SchemaSite): Properties | undefined {
  const properties = ownValue(schema, 'properties');
  const required = ownValue(schema, 'required');
  const propertiesValid = properties === undefined || isJsonObject(properties);
  const requiredValid = required === undefined || (Array.isArray(required) && required.every((name) => typeof name === 'string'));
  if (!propertiesValid && !jsonEqual(properties, ownValue(other, 'properties'))) {
    site.reportKeyword('unclear', 'properties', `properties changed to or from ${preview(properties)}, which is not an object of schemas`);
    return undefined;
  }
  if (!requiredValid && !jsonEqual(required, ownValue(other, 'required'))) {
    site.reportKeyword('unclear', 'required', `required changed to or from ${preview(required)}, which is not a list of names`);
    return undefined;
  }
  return {
    schemas: new Map(isJsonObject(properties) ? Object.entries(properties) : []),
    required: new Set(requiredValid && required ? (required as string[]) : []),
  };
}

function addedProperty(property: SchemaSite, required: boolean): void {
  if (property.direction === 'output') property.report('compatible', 'was added');
  else if (required) property.report('breaking', 'was added as required');
  else property.report('compatible', 'was added as optional');
}

function requiredChange(property: SchemaSite, wasRequired: boolean, isRequired: boolean): void {
  if (wasRequired === isRequired) return;
  if (property.direction === 'input') property.report(isRequired ? 'breaking' : 'compatible', isRequired ? 'is now required' : 'is now optional');
  else property.report(isRequired ? 'compatible' : 'breaking', isRequired ? 'is now always present' : 'may now be absent');
}

const items: KeywordComparison = (before, after, keyword, site) => {
  if (!Array.isArray(before) && !Array.isArray(after)) compareSchemas(before ?? true, after ?? true, site.items());
  else if (!jsonEqual(before, after)) unclear(before, after, keyword, site); // the tuple form
};

const additionalProperties: KeywordComparison = (before, after, keyword, site) => {
  const was = before ?? true;
  const now = after ?? true;
  if (typeof was !== 'boolean' || typeof now !== 'boolean') return compareSchemas(was, now, site.additionalProperties());
  if (before === after) return;
  if (was === now) return site.reportKeyword('cosmetic', keyword, `additionalProperties ${after === undefined ? 'removed' : 'set'} (same meaning)`);
  const words = site.direction === 'input' ? ['now accepts extra properties', 'no longer accepts extra properties'] : ['may now contain extra properties', 'no longer contains extra properties'];
  site.reportKeyword(now ? 'widened' : 'narrowed', keyword, now ? words[0] : words[1]);
};

/**
 * `anyOf`/`oneOf`/`allOf`. Options equal on both sides are kept; the others are paired in order and compared, and
 * what is left over was removed or added. Adding an `anyOf` option widens, adding an `allOf` member narrows; adding a
 * `oneOf` option may make a value match two options (then it matches none): breaking.
 */
const combinator: KeywordComparison = (before, after, keyword, site) => {
  const was = before ?? [];
  const now = after ?? [];
  if (!Array.isArray(was) || !Array.isArray(now)) return jsonEqual(before, after) ? undefined : unclear(before, after, keyword, site);
  if (before === undefined) return site.reportKeyword('narrowed', keyword, `${keyword} added`);
  if (after === undefined) return site.reportKeyword('widened', keyword, `${keyword} removed`);
  const unmatchedBefore = site.matcher.indexesMissingFrom(was, now);
  const unmatchedAfter = site.matcher.indexesMissingFrom(now, was);
  const paired = Math.min(unmatchedBefore.length, unmatchedAfter.length);
  for (let pair = 0; pair < paired; pair++) compareSchemas(was[unmatchedBefore[pair]], now[unmatchedAfter[pair]], site.optionBody(keyword, unmatchedAfter[pair]));
  for (const index of unmatchedBefore.slice(paired)) site.option(keyword, index).report(keyword === 'allOf' ? 'widened' : 'narrowed', 'was removed');
  for (const index of unmatchedAfter.slice(paired)) site.option(keyword, index).report(keyword === 'anyOf' ? 'widened' : keyword === 'allOf' ? 'narrowed' : 'unclear', 'was added');
  if (!unmatchedBefore.length && !unmatchedAfter.length && !jsonEqual(was, now)) site.reportKeyword('cosmetic', keyword, `${keyword} options reordered`);
};

/** `$defs`/`definitions`: schemas that `$ref`s point at. Removing one may leave a `$ref` pointing at nothing. */
const definitions: KeywordComparison = (before, after, keyword, site) => {
  if (!absentOr(isJsonObject, before, after)) return jsonEqual(before, after) ? undefined : unclear(before, after, keyword, site);
  for (const name of keysOfEither(before, after)) {
    const was = isJsonObject(before) ? ownValue(before, name) : undefined;
    const now = isJsonObject(after) ? ownValue(after, name) : undefined;
    const definition = site.definition(keyword, name);
    if (now === undefined) definition.report('breaking', 'was removed');
    else if (was === undefined) definition.report('compatible', 'was added');
    else compareSchemas(was, now, definition);
  }
};

/** The keywords with a rule; any other keyword that changed is reported as breaking. */
const KEYWORDS = new Map<string, KeywordComparison>([
  ...['title', 'description', 'examples', 'default', '$comment', 'deprecated'].map((keyword) => [keyword, describes] as const),
  ...['minimum', 'exclusiveMinimum', 'minLength', 'minItems', 'minProperties', 'minContains'].map((keyword) => [keyword, lowerBound] as const),
  ...['maximum', 'exclusiveMaximum', 'maxLength', 'maxItems', 'maxProperties', 'maxContains'].map((keyword) => [keyword, upperBound] as const),
  ...['anyOf', 'oneOf', 'allOf'].map((keyword) => [keyword, combinator] as const),
  ['type', type],
  ['enum', enumeration],
  ['const', constant],
  ['multipleOf', multipleOf],
  ['uniqueItems', uniqueItems],
  ['pattern', stringConstraint],
  ['format', stringConstraint],
  ['items', items],
  ['additionalProperties', additionalProperties],
  ['$defs', definitions],
  ['definitions', definitions],
  ['$ref', unclear], // a different target, even an equal one, cannot be judged without resolving both
]);

/** The comparisons that recurse into subschemas, and so find for themselves whether anything changed. */
const RECURSIVE = new Set<KeywordComparison>([items, additionalProperties, combinator, definitions]);
