import { jsonEqual } from './json-equality.js';
import { absentOr, changeWord, compareText, formatPath, isBoolean, isJsonObject, keysOfEither, ownValue, preview, type JsonObject, type PathSegment } from './json-value.js';
import { diffSchemas } from './schema-diff.js';
import type { FieldChange } from './schema-site.js';
import type { SurfaceChange, SurfaceChangeLevel } from './surface-change.js';
import { SURFACE_LISTS, type McpSurface } from './surface.js';

/**
 * Every difference between the committed surface and the current one, classified by what a client or an LLM calling
 * the server would experience. In order: the server's name, then by list (tools, resources, resource templates, prompts), then by the
 * entry's name or URI, then by path inside it. Identical surfaces give `[]`.
 */
export function diffSurfaces(committed: McpSurface, current: McpSurface): SurfaceChange[] {
  const changes: SurfaceChange[] = [];
  const [name, renamed] = [committed.server?.name, current.server?.name];
  // Clients key servers by their own configured name, so the server's name is for people.
  if (name !== renamed) changes.push({ level: 'cosmetic', component: 'server', path: 'server.name', message: `name changed ${fromTo(name, renamed)}` });
  for (const list of SURFACE_LISTS) {
    const before = byId(committed[list.key], list.id);
    const after = byId(current[list.key], list.id);
    const fields = FIELDS[list.key];
    for (const id of [...new Set([...before.keys(), ...after.keys()])].sort(compareText)) {
      const component = `${list.noun} ${JSON.stringify(id)}`;
      const was = before.get(id);
      const now = after.get(id);
      if (!now) changes.push({ level: 'breaking', component, path: '', message: `${list.noun} was removed` });
      else if (!was) changes.push({ level: 'compatible', component, path: '', message: `new ${list.noun}` });
      else changes.push(...diffComponent(was, now, fields).map((change) => ({ component, ...change })));
    }
  }
  return changes;
}

/**
 * A list's entries by their name or URI. An entry without one cannot be matched with anything and is left out; the
 * SDK client refuses such lists, so only a hand-edited surface file can hold one.
 */
function byId(list: unknown, idKey: string): Map<string, JsonObject> {
  const entries = new Map<string, JsonObject>();
  for (const entry of Array.isArray(list) ? list : []) {
    const id = isJsonObject(entry) ? ownValue(entry, idKey) : undefined;
    if (typeof id === 'string' && !entries.has(id)) entries.set(id, entry as JsonObject);
  }
  return entries;
}

/** Compares the two values of one field of an entry; `path` leads to the field, its last step is the field's key. */
type FieldComparison = (before: unknown, after: unknown, path: readonly PathSegment[]) => FieldChange[];

function diffComponent(before: JsonObject, after: JsonObject, fields: ReadonlyMap<string, FieldComparison>): FieldChange[] {
  if (jsonEqual(before, after)) return [];
  return compareFields(before, after, [], fields).sort((a, b) => compareText(a.path, b.path));
}

/** Each key of two objects whose values differ, by its rule; a key without a rule is reported as breaking. */
function compareFields(before: unknown, after: unknown, path: readonly PathSegment[], rules: ReadonlyMap<string, FieldComparison>): FieldChange[] {
  return keysOfEither(before, after).flatMap((key) => {
    const was = isJsonObject(before) ? ownValue(before, key) : undefined;
    const now = isJsonObject(after) ? ownValue(after, key) : undefined;
    return jsonEqual(was, now) ? [] : (rules.get(key) ?? unknownField)(was, now, [...path, key]);
  });
}

function change(level: SurfaceChangeLevel, path: readonly PathSegment[], message: string): FieldChange {
  return { level, path: formatPath(path), message };
}

function keyOf(path: readonly PathSegment[]): string {
  return String(path.at(-1));
}

function fromTo(before: unknown, after: unknown): string {
  return `from ${preview(before)} to ${preview(after)}`;
}

const unknownField: FieldComparison = (before, after, path) => [change('breaking', path, `field ${JSON.stringify(keyOf(path))} changed ${fromTo(before, after)}`)];

/** Words and pictures for people: a title or name is shown in full, a description or icons are only said to have changed. */
const cosmetic: FieldComparison = (before, after, path) => {
  const key = keyOf(path);
  return [change('cosmetic', path, key === 'title' || key === 'name' ? `${key} changed ${fromTo(before, after)}` : `${key} ${changeWord(before, after)}`)];
};

/** A client decodes what it reads by the MIME type: a different one is a different format. */
const mimeType: FieldComparison = (before, after, path) => [change('breaking', path, `MIME type changed ${fromTo(before, after)}`)];

const inputSchema: FieldComparison = (before, after, path) => diffSchemas(before, after, 'input', path);

/** Without an output schema results carry no promised structuredContent; adding one only promises more. */
const outputSchema: FieldComparison = (before, after, path) => {
  if (before === undefined) return [change('compatible', path, 'output schema was added')];
  if (after === undefined) return [change('breaking', path, 'output schema was removed')];
  return diffSchemas(before, after, 'output', path);
};

/**
 * `_meta` carries extensions (UI resources of MCP Apps, vendor keys). A client that does not know a key ignores it,
 * and the ones that do use it to present the entry, not to call it: compatible, one change per key.
 */
const meta: FieldComparison = (before, after, path) => {
  if (!isJsonObject(before) || !isJsonObject(after)) return [change('compatible', path, `_meta ${changeWord(before, after)}`)];
  return keysOfEither(before, after)
    .filter((key) => !jsonEqual(ownValue(before, key), ownValue(after, key)))
    .map((key) => change('compatible', [...path, key], `_meta ${JSON.stringify(key)} ${changeWord(ownValue(before, key), ownValue(after, key))}`));
};

/** An object field whose keys each have their own rule; a value that is not an object is compared as a whole. */
function objectOf(rules: ReadonlyMap<string, FieldComparison>): FieldComparison {
  return (before, after, path) => {
    if (!absentOr(isJsonObject, before, after)) return unknownField(before, after, path);
    return compareFields(before, after, path, rules);
  };
}

function annotation(level: SurfaceChangeLevel): FieldComparison {
  return (before, after, path) => [change(level, path, `annotation ${keyOf(path)} changed ${fromTo(before, after)}`)];
}

/**
 * The behaviour hints hosts use to decide whether to ask the user before a call. A hint turning towards "less safe"
 * (may write, may destroy, not idempotent, reaches the outside world) can stop a host auto-approving: breaking.
 * An absent hint means the spec's default.
 */
function hint(defaultValue: boolean, safe: boolean): FieldComparison {
  return (before, after, path) => {
    if (!absentOr(isBoolean, before, after)) return annotation('breaking')(before, after, path);
    const shown = (value: unknown) => (value === undefined ? `absent (${defaultValue})` : String(value));
    const message = `annotation ${keyOf(path)} changed from ${shown(before)} to ${shown(after)}`;
    const now = after ?? defaultValue;
    if ((before ?? defaultValue) === now) return [change('cosmetic', path, `${message}, the same meaning`)];
    return [change(now === safe ? 'compatible' : 'breaking', path, message)];
  };
}

const toolAnnotations = objectOf(
  new Map([
    ['title', annotation('cosmetic')],
    ['readOnlyHint', hint(false, true)],
    ['destructiveHint', hint(true, false)],
    ['idempotentHint', hint(false, true)],
    ['openWorldHint', hint(true, false)],
  ]),
);

/** A tool that now requires task-augmented calls refuses every client that calls it plainly; absent means forbidden. */
const taskSupport: FieldComparison = (before, after, path) => {
  const valid = (value: unknown) => value === undefined || value === 'required' || value === 'optional' || value === 'forbidden';
  const shown = (value: unknown) => (value === undefined ? 'absent ("forbidden")' : preview(value));
  const supported = (value: unknown) => value === 'optional' || value === 'required';
  // Required refuses plain calls; losing support refuses the task-augmented calls clients were making.
  const level = !valid(before) || !valid(after) || after === 'required' || (supported(before) && !supported(after)) ? 'breaking' : 'compatible';
  return [change(level, path, `task support changed from ${shown(before)} to ${shown(after)}`)];
};

/** Who a resource is meant for changes how a client presents it, not how it reads it; priority and date are hints. */
const resourceAnnotations = objectOf(
  new Map([
    ['audience', annotation('compatible')],
    ['priority', annotation('cosmetic')],
    ['lastModified', annotation('cosmetic')],
  ]),
);

const promptArguments: FieldComparison = (before, after, path) => {
  const was = argumentsOf(before);
  const now = argumentsOf(after);
  if (!was || !now) return unknownField(before, after, path);
  const changes: FieldChange[] = [];
  for (const name of [...new Set([...was.keys(), ...now.keys()])].sort(compareText)) {
    const at = [...path, name];
    const argument = `argument ${JSON.stringify(name)}`;
    const old = was.get(name);
    const current = now.get(name);
    if (!current) changes.push(change('breaking', at, `${argument} was removed`));
    else if (!old) changes.push(change(current.required === true ? 'breaking' : 'compatible', at, `${argument} was added as ${current.required === true ? 'required' : 'optional'}`));
    else changes.push(...argumentChanges(old, current, argument, at));
  }
  if (!changes.length) changes.push(change('cosmetic', path, 'arguments reordered'));
  return changes;
};

/** A prompt's arguments by name, or undefined when `arguments` is not a list of named arguments. */
function argumentsOf(value: unknown): Map<string, JsonObject> | undefined {
  if (value === undefined) return new Map();
  if (!Array.isArray(value)) return undefined;
  const named = value.map((argument) => (isJsonObject(argument) ? ownValue(argument, 'name') : undefined));
  if (!named.every((name) => typeof name === 'string')) return undefined;
  return new Map(value.map((argument, index) => [named[index] as string, argument as JsonObject]));
}

function argumentChanges(before: JsonObject, after: JsonObject, argument: string, path: readonly PathSegment[]): FieldChange[] {
  return keysOfEither(before, after).flatMap((key): FieldChange[] => {
    const was = ownValue(before, key);
    const now = ownValue(after, key);
    if (jsonEqual(was, now)) return [];
    if (key === 'description' || key === 'title') return [change('cosmetic', [...path, key], `${argument}: ${key} ${changeWord(was, now)}`)];
    if (key !== 'required' || !absentOr(isBoolean, was, now)) {
      return [change('breaking', [...path, key], `${argument}: ${key} changed ${fromTo(was, now)}`)];
    }
    if (Boolean(was) === Boolean(now)) return [change('cosmetic', [...path, key], `${argument}: required changed ${fromTo(was, now)}, the same meaning`)];
    return [now ? change('breaking', path, `${argument} is now required`) : change('compatible', path, `${argument} is now optional`)];
  });
}

const DESCRIPTIVE: [string, FieldComparison][] = [
  ['title', cosmetic],
  ['description', cosmetic],
  ['icons', cosmetic],
  ['_meta', meta],
];

/** A resource is known by its URI (a template by its URI template): its name is a label. */
const RESOURCE_FIELDS = new Map<string, FieldComparison>([...DESCRIPTIVE, ['name', cosmetic], ['mimeType', mimeType], ['size', cosmetic], ['annotations', resourceAnnotations]]);

/** The rules for the fields of each list's entries; a field without a rule that changed is reported as breaking. */
const FIELDS: Record<(typeof SURFACE_LISTS)[number]['key'], ReadonlyMap<string, FieldComparison>> = {
  tools: new Map([
    ...DESCRIPTIVE,
    ['inputSchema', inputSchema],
    ['outputSchema', outputSchema],
    ['annotations', toolAnnotations],
    ['execution', objectOf(new Map([['taskSupport', taskSupport]]))],
  ]),
  resources: RESOURCE_FIELDS,
  resourceTemplates: RESOURCE_FIELDS,
  prompts: new Map([...DESCRIPTIVE, ['arguments', promptArguments]]),
};
