import { absentOr, changeWord, formatPath, isBoolean, preview, previewList } from './json-value.js';
import type { SchemaSite } from './schema-site.js';

/** Compares one keyword's two values (either may be absent) and reports what changed at `site`. */
export type KeywordComparison = (before: unknown, after: unknown, keyword: string, site: SchemaSite) => void;

/** Words for people, not for validators: a change here never changes which values are accepted. */
export const describes: KeywordComparison = (before, after, keyword, site) => {
  site.reportKeyword('cosmetic', keyword, `${keyword} ${changeWord(before, after)}`);
};

/** A keyword this comparison has no rule for (its name is the server's: quoted if odd): any change to it is breaking. */
export const unclear: KeywordComparison = (before, after, keyword, site) => {
  site.reportKeyword('unclear', keyword, `${formatPath([keyword])} changed from ${preview(before)} to ${preview(after)}`);
};

const JSON_TYPES = new Set(['string', 'number', 'integer', 'boolean', 'object', 'array', 'null']);

/** `type`, absent meaning any type; `integer` is part of `number`. */
export const type: KeywordComparison = (before, after, keyword, site) => {
  const was = typeSet(before);
  const now = typeSet(after);
  if (was === null || now === null) return unclear(before, after, keyword, site);
  const widened = covers(now, was);
  const narrowed = covers(was, now);
  const change = `from ${before === undefined ? 'any' : preview(before)} to ${after === undefined ? 'any' : preview(after)}`;
  if (widened && narrowed) site.reportKeyword('cosmetic', keyword, `type written differently (${change}), same types`);
  else if (widened) site.reportKeyword('widened', keyword, `type widened ${change}`);
  else if (narrowed) site.reportKeyword('narrowed', keyword, `type narrowed ${change}`);
  else site.reportKeyword('unclear', keyword, `type changed ${change}`);
};

/** The types a `type` value allows; `'any'` when absent, null when it is not a valid `type`. */
function typeSet(value: unknown): Set<string> | 'any' | null {
  if (value === undefined) return 'any';
  const names = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(names) || !names.every((name) => typeof name === 'string' && JSON_TYPES.has(name))) return null;
  return new Set(names as string[]);
}

/** Whether every value of the types `inner` is also of the types `outer`. */
function covers(outer: Set<string> | 'any', inner: Set<string> | 'any'): boolean {
  if (outer === 'any') return true;
  if (inner === 'any') return false;
  return [...inner].every((name) => outer.has(name) || (name === 'integer' && outer.has('number')));
}

export const enumeration: KeywordComparison = (before, after, keyword, site) => {
  if ((before !== undefined && !Array.isArray(before)) || (after !== undefined && !Array.isArray(after))) return unclear(before, after, keyword, site);
  if (before === undefined) return site.reportKeyword('narrowed', keyword, `now limited to ${previewList(after as unknown[])}`);
  if (after === undefined) return site.reportKeyword('widened', keyword, `no longer limited to ${previewList(before)}`);
  const removed = site.matcher.indexesMissingFrom(before, after).map((index) => before[index]);
  const added = site.matcher.indexesMissingFrom(after, before).map((index) => after[index]);
  if (removed.length) site.reportKeyword('narrowed', keyword, `enum ${plural(removed, 'value')} ${previewList(removed)} ${removed.length > 1 ? 'were' : 'was'} removed`);
  if (added.length) site.reportKeyword('widened', keyword, `enum ${plural(added, 'value')} ${previewList(added)} ${added.length > 1 ? 'were' : 'was'} added`);
  if (!removed.length && !added.length) site.reportKeyword('cosmetic', keyword, 'enum values reordered');
};

function plural(values: unknown[], noun: string): string {
  return values.length > 1 ? `${noun}s` : noun;
}

export const constant: KeywordComparison = (before, after, keyword, site) => {
  if (before === undefined) site.reportKeyword('narrowed', keyword, `now always ${preview(after)}`);
  else if (after === undefined) site.reportKeyword('widened', keyword, `no longer always ${preview(before)}`);
  else site.reportKeyword('unclear', keyword, `const changed from ${preview(before)} to ${preview(after)}`);
};

/** A lower bound (`minimum`, `minLength`...): raising it narrows. */
export const lowerBound: KeywordComparison = (before, after, keyword, site) => bound(before, after, keyword, site, 1);

/** An upper bound (`maximum`, `maxItems`...): lowering it narrows. */
export const upperBound: KeywordComparison = (before, after, keyword, site) => bound(before, after, keyword, site, -1);

function bound(before: unknown, after: unknown, keyword: string, site: SchemaSite, narrowing: 1 | -1): void {
  if (!isNumberOrAbsent(before) || !isNumberOrAbsent(after)) return unclear(before, after, keyword, site);
  if (before === undefined) return site.reportKeyword('narrowed', keyword, `${keyword} ${after} added`);
  if (after === undefined) return site.reportKeyword('widened', keyword, `${keyword} ${before} removed`);
  const direction = after > before ? 'raised' : 'lowered';
  site.reportKeyword(Math.sign(after - before) === narrowing ? 'narrowed' : 'widened', keyword, `${keyword} ${direction} from ${before} to ${after}`);
}

function isNumberOrAbsent(value: unknown): value is number | undefined {
  return value === undefined || (typeof value === 'number' && Number.isFinite(value));
}

/** `multipleOf`: 2 -> 4 narrows (every multiple of 4 is one of 2), 4 -> 2 widens, 2 -> 3 is neither. */
export const multipleOf: KeywordComparison = (before, after, keyword, site) => {
  if (!isPositiveOrAbsent(before) || !isPositiveOrAbsent(after)) return unclear(before, after, keyword, site);
  if (before === undefined) return site.reportKeyword('narrowed', keyword, `multipleOf ${after} added`);
  if (after === undefined) return site.reportKeyword('widened', keyword, `multipleOf ${before} removed`);
  const effect = Number.isInteger(after / before) ? 'narrowed' : Number.isInteger(before / after) ? 'widened' : 'unclear';
  site.reportKeyword(effect, keyword, `multipleOf changed from ${before} to ${after}`);
};

function isPositiveOrAbsent(value: unknown): value is number | undefined {
  return isNumberOrAbsent(value) && (value === undefined || value > 0);
}

export const uniqueItems: KeywordComparison = (before, after, keyword, site) => {
  if (!absentOr(isBoolean, before, after)) return unclear(before, after, keyword, site);
  if (Boolean(before) === Boolean(after)) return site.reportKeyword('cosmetic', keyword, `uniqueItems ${after === undefined ? 'removed' : 'set'} (same meaning)`);
  if (after) site.reportKeyword('narrowed', keyword, 'items must now be unique');
  else site.reportKeyword('widened', keyword, 'items no longer need to be unique');
}

/** `pattern`, `format`: adding one narrows, removing one widens, replacing one cannot be judged without the values. */
export const stringConstraint: KeywordComparison = (before, after, keyword, site) => {
  if (!absentOr((value) => typeof value === 'string', before, after)) return unclear(before, after, keyword, site);
  if (before === undefined) site.reportKeyword('narrowed', keyword, `${keyword} ${preview(after)} added`);
  else if (after === undefined) site.reportKeyword('widened', keyword, `${keyword} ${preview(before)} removed`);
  else site.reportKeyword('unclear', keyword, `${keyword} changed from ${preview(before)} to ${preview(after)}`);
};
