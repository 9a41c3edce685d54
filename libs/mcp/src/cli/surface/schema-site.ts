import { ValueMatcher } from './json-equality.js';
import { formatPath, type PathSegment } from './json-value.js';
import type { SurfaceChange, SurfaceChangeLevel } from './surface-change.js';

/** A change inside one component; the component's name is added by the surface diff. */
export type FieldChange = Omit<SurfaceChange, 'component'>;

/** Which way data flows through a schema: callers send `input`, callers read `output`. */
export type SchemaDirection = 'input' | 'output';

/**
 * What a change does to the set of values a schema allows. Narrowing refuses what callers sent before (breaks an
 * input) but only promises less variety to readers (fine for an output); widening is the mirror image. `unclear` is
 * a change whose effect cannot be told without evaluating the schema: breaking, to be safe.
 */
export type SchemaEffect = 'narrowed' | 'widened' | 'unclear' | 'cosmetic' | 'breaking' | 'compatible';

/** One step of a change's subject: `property "tags"`, `definition "Address"`, `items`, `(anyOf option 2)`. */
type SubjectPart = { kind: 'property' | 'definition'; name: string } | { kind: 'note'; text: string };

/**
 * A place in a schema being compared: where it is (the path), how a message names it (`input property "tags[]"`),
 * how deep the comparison is, and whether it is inside a `oneOf` option. Changes are reported through it.
 */
export class SchemaSite {
  private constructor(
    readonly direction: SchemaDirection,
    readonly path: readonly PathSegment[],
    private readonly parts: readonly SubjectPart[],
    readonly depth: number,
    private readonly inOneOf: boolean,
    private readonly changes: FieldChange[],
    /** Matches list values (enum values, combinator options) for the whole comparison. */
    readonly matcher: ValueMatcher,
  ) {}

  static root(direction: SchemaDirection, path: readonly PathSegment[], changes: FieldChange[]): SchemaSite {
    return new SchemaSite(direction, path, [], 0, false, changes, new ValueMatcher());
  }

  /** A property: `tags`, then `tags.name` below it. */
  property(name: string): SchemaSite {
    const last = this.parts.at(-1);
    const parts = last?.kind === 'property' ? [...this.parts.slice(0, -1), { kind: 'property' as const, name: `${last.name}.${name}` }] : [...this.parts, { kind: 'property' as const, name }];
    return this.child(['properties', name], parts);
  }

  /** The items of an array: `tags[]`. */
  items(): SchemaSite {
    const last = this.parts.at(-1);
    const parts = last?.kind === 'property' ? [...this.parts.slice(0, -1), { ...last, name: `${last.name}[]` }] : [...this.parts, { kind: 'note' as const, text: 'items' }];
    return this.child(['items'], parts);
  }

  additionalProperties(): SchemaSite {
    return this.child(['additionalProperties'], [...this.parts, { kind: 'note', text: '(extra properties)' }]);
  }

  /** Option `index` of `anyOf`/`oneOf`/`allOf`, to report that it was added or removed. */
  option(keyword: string, index: number): SchemaSite {
    return this.child([keyword, index], [...this.parts, { kind: 'note', text: `(${keyword} option ${index + 1})` }]);
  }

  /**
   * The same option, to compare what it holds. Inside a `oneOf` option a change that would be compatible is breaking:
   * an option that accepts more may now overlap another, and a value matching two options matches none.
   */
  optionBody(keyword: string, index: number): SchemaSite {
    const site = this.option(keyword, index);
    return keyword === 'oneOf' ? new SchemaSite(site.direction, site.path, site.parts, site.depth, true, site.changes, site.matcher) : site;
  }

  /** A named schema under `$defs` or `definitions`; messages name it from the start. */
  definition(keyword: string, name: string): SchemaSite {
    return this.child([keyword, name], [{ kind: 'definition', name }]);
  }

  /** `input property "tags"`, `output schema`, `input definition "Address" property "city"`. */
  get subject(): string {
    const first = this.parts[0];
    const words: string[] = [this.direction];
    if (!first || first.kind === 'note') words.push('schema');
    for (const part of this.parts) words.push(part.kind === 'note' ? part.text : `${part.kind} ${JSON.stringify(part.name)}`);
    return words.join(' ');
  }

  /** Reports `<subject> <text>` at this place: `input property "tags" was removed`. */
  report(effect: SchemaEffect, text: string): void {
    this.push(effect, this.path, `${this.subject} ${text}`);
  }

  /** Reports `<subject>: <text>` at one keyword of this place: `input property "limit": maximum lowered from 100 to 50`. */
  reportKeyword(effect: SchemaEffect, keyword: string, text: string): void {
    this.push(effect, [...this.path, keyword], `${this.subject}: ${text}`);
  }

  private push(effect: SchemaEffect, path: readonly PathSegment[], message: string): void {
    const level = levelOf(effect, this.direction);
    const guarded = this.inOneOf && level === 'compatible';
    this.changes.push({
      level: guarded ? 'breaking' : level,
      path: formatPath(path),
      message: guarded ? `${message} (inside a oneOf option: breaking, as it may now overlap another option)` : message,
    });
  }

  private child(segments: PathSegment[], parts: SubjectPart[]): SchemaSite {
    return new SchemaSite(this.direction, [...this.path, ...segments], parts, this.depth + 1, this.inOneOf, this.changes, this.matcher);
  }
}

function levelOf(effect: SchemaEffect, direction: SchemaDirection): SurfaceChangeLevel {
  switch (effect) {
    case 'narrowed':
      return direction === 'input' ? 'breaking' : 'compatible';
    case 'widened':
      return direction === 'input' ? 'compatible' : 'breaking';
    case 'unclear':
      return 'breaking';
    default:
      return effect;
  }
}
