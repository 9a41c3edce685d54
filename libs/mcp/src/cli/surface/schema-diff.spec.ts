import { describe, expect, it } from '@jest/globals';
import { diffSchemas, MAX_SCHEMA_DEPTH } from './schema-diff.js';

const input = (before: unknown, after: unknown) => diffSchemas(before, after, 'input', ['inputSchema']);
const output = (before: unknown, after: unknown) => diffSchemas(before, after, 'output', ['outputSchema']);

/** An object schema with these properties, the ones named in `required` required. */
function object(properties: Record<string, unknown>, required: string[] = []): Record<string, unknown> {
  return { type: 'object', properties, ...(required.length ? { required } : {}) };
}

/** The one change of a comparison, as `level path: message`. */
function only(changes: { level: string; path: string; message: string }[]): string {
  expect(changes).toHaveLength(1);
  return `${changes[0].level} ${changes[0].path}: ${changes[0].message}`;
}

/** Wraps JSON objects to count how often each one's keys are read (what a comparison or a hash must do). */
function readCounter() {
  const counts = new Map<object, number>();
  return {
    counted<T extends object>(value: T): T {
      const proxy: T = new Proxy(value, { ownKeys: (target) => (counts.set(proxy, (counts.get(proxy) ?? 0) + 1), Reflect.ownKeys(target)) });
      return proxy;
    },
    most: () => Math.max(0, ...counts.values()),
  };
}

describe('diffSchemas', () => {
  it('finds nothing between equal schemas', () => {
    const schema = object({ text: { type: 'string', maxLength: 10 }, tags: { type: 'array', items: { type: 'string' } } }, ['text']);
    expect(input(schema, structuredClone(schema))).toEqual([]);
    expect(output(schema, structuredClone(schema))).toEqual([]);
  });

  it('does not count the order of object keys, in schemas or in enum values', () => {
    expect(input({ type: 'object', enum: [{ a: 1, b: [2] }] }, { enum: [{ b: [2], a: 1 }], type: 'object' })).toEqual([]);
  });

  describe('input schemas (what callers send: narrowing breaks them)', () => {
    it('a removed property is breaking', () => {
      expect(only(input(object({ tags: { type: 'array' } }), object({})))).toBe('breaking inputSchema.properties.tags: input property "tags" was removed');
    });

    it('a new required property is breaking, a new optional one compatible', () => {
      expect(only(input(object({}), object({ tags: { type: 'array' } }, ['tags'])))).toBe('breaking inputSchema.properties.tags: input property "tags" was added as required');
      expect(only(input(object({}), object({ tags: { type: 'array' } })))).toBe('compatible inputSchema.properties.tags: input property "tags" was added as optional');
    });

    it('optional -> required is breaking, required -> optional compatible', () => {
      const optional = object({ tags: { type: 'array' } });
      const required = object({ tags: { type: 'array' } }, ['tags']);
      expect(only(input(optional, required))).toBe('breaking inputSchema.properties.tags: input property "tags" is now required');
      expect(only(input(required, optional))).toBe('compatible inputSchema.properties.tags: input property "tags" is now optional');
    });

    it('a name required without a schema counts as a property', () => {
      expect(only(input({ type: 'object' }, { type: 'object', required: ['id'] }))).toBe('breaking inputSchema.properties.id: input property "id" was added as required');
    });

    it('a narrowed type is breaking, a widened one compatible, a different one breaking', () => {
      const id = (type: unknown) => object({ id: { type } });
      expect(only(input(id(['string', 'number']), id('string')))).toBe(
        'breaking inputSchema.properties.id.type: input property "id": type narrowed from ["string","number"] to "string"',
      );
      expect(only(input(id('string'), id(['string', 'number'])))).toBe(
        'compatible inputSchema.properties.id.type: input property "id": type widened from "string" to ["string","number"]',
      );
      expect(only(input(id('integer'), id('number')))).toMatch(/^compatible .*type widened from "integer" to "number"$/);
      expect(only(input(id('string'), id('number')))).toMatch(/^breaking .*type changed from "string" to "number"$/);
      expect(only(input(object({ id: {} }), id('string')))).toMatch(/^breaking .*type narrowed from any to "string"$/);
      expect(only(input(id(['string', 'null']), id(['null', 'string'])))).toMatch(/^cosmetic .*same types$/);
    });

    it('a removed enum value is breaking, an added one compatible', () => {
      const kind = (values: unknown[]) => object({ kind: { enum: values } });
      expect(only(input(kind(['a', 'b']), kind(['a'])))).toBe('breaking inputSchema.properties.kind.enum: input property "kind": enum value "b" was removed');
      expect(only(input(kind(['a']), kind(['a', 'b', 'c'])))).toBe('compatible inputSchema.properties.kind.enum: input property "kind": enum values "b", "c" were added');
      expect(only(input(object({ kind: {} }), kind(['a'])))).toMatch(/^breaking .*now limited to "a"$/);
      expect(only(input(kind(['a', 'b']), kind(['b', 'a'])))).toMatch(/^cosmetic .*enum values reordered$/);
    });

    it('a changed or added const is breaking, a removed one compatible', () => {
      expect(only(input(object({ v: { const: 1 } }), object({ v: { const: 2 } })))).toBe('breaking inputSchema.properties.v.const: input property "v": const changed from 1 to 2');
      expect(only(input(object({ v: {} }), object({ v: { const: 2 } })))).toMatch(/^breaking .*now always 2$/);
      expect(only(input(object({ v: { const: 2 } }), object({ v: {} })))).toMatch(/^compatible .*no longer always 2$/);
    });

    it('tighter bounds are breaking, looser ones compatible', () => {
      const limit = (schema: object) => object({ limit: { type: 'integer', ...schema } });
      expect(only(input(limit({ maximum: 100 }), limit({ maximum: 50 })))).toBe(
        'breaking inputSchema.properties.limit.maximum: input property "limit": maximum lowered from 100 to 50',
      );
      expect(only(input(limit({ maximum: 50 }), limit({ maximum: 100 })))).toMatch(/^compatible .*maximum raised from 50 to 100$/);
      expect(only(input(limit({ minimum: 1 }), limit({ minimum: 5 })))).toMatch(/^breaking .*minimum raised from 1 to 5$/);
      expect(only(input(limit({ exclusiveMinimum: 5 }), limit({ exclusiveMinimum: 1 })))).toMatch(/^compatible .*exclusiveMinimum lowered from 5 to 1$/);
      expect(only(input(limit({}), limit({ maxItems: 3 })))).toMatch(/^breaking .*maxItems 3 added$/);
      expect(only(input(limit({ minLength: 3 }), limit({})))).toMatch(/^compatible .*minLength 3 removed$/);
    });

    it('pattern, format, multipleOf and uniqueItems: added or narrowed breaking, removed or widened compatible, replaced breaking', () => {
      const text = (schema: object) => object({ text: schema });
      expect(only(input(text({}), text({ pattern: '^a' })))).toBe('breaking inputSchema.properties.text.pattern: input property "text": pattern "^a" added');
      expect(only(input(text({ pattern: '^a' }), text({})))).toMatch(/^compatible .*pattern "\^a" removed$/);
      expect(only(input(text({ pattern: '^a' }), text({ pattern: '^b' })))).toMatch(/^breaking .*pattern changed from "\^a" to "\^b"$/);
      expect(only(input(text({}), text({ format: 'email' })))).toMatch(/^breaking .*format "email" added$/);
      expect(only(input(text({ format: 'email' }), text({ format: 'uri' })))).toMatch(/^breaking .*format changed/);
      expect(only(input(text({ multipleOf: 2 }), text({ multipleOf: 4 })))).toMatch(/^breaking .*multipleOf changed from 2 to 4$/);
      expect(only(input(text({ multipleOf: 4 }), text({ multipleOf: 2 })))).toMatch(/^compatible .*multipleOf changed from 4 to 2$/);
      expect(only(input(text({ multipleOf: 2 }), text({ multipleOf: 3 })))).toMatch(/^breaking .*multipleOf changed from 2 to 3$/);
      expect(only(input(text({}), text({ uniqueItems: true })))).toMatch(/^breaking .*items must now be unique$/);
      expect(only(input(text({ uniqueItems: true }), text({})))).toMatch(/^compatible .*items no longer need to be unique$/);
    });

    it('additionalProperties true -> false is breaking, false -> true compatible', () => {
      expect(only(input({ type: 'object' }, { type: 'object', additionalProperties: false }))).toBe(
        'breaking inputSchema.additionalProperties: input schema: no longer accepts extra properties',
      );
      expect(only(input({ type: 'object', additionalProperties: false }, { type: 'object', additionalProperties: true }))).toBe(
        'compatible inputSchema.additionalProperties: input schema: now accepts extra properties',
      );
      expect(only(input({ additionalProperties: { type: ['string', 'number'] } }, { additionalProperties: { type: 'string' } }))).toBe(
        'breaking inputSchema.additionalProperties.type: input schema (extra properties): type narrowed from ["string","number"] to "string"',
      );
      expect(only(input({ additionalProperties: true }, {}))).toMatch(/^cosmetic .*same meaning/);
    });

    it('descriptions, titles, examples and defaults are cosmetic', () => {
      const before = object({ text: { type: 'string', description: 'The text', title: 'Text', examples: ['a'], default: 'x' } });
      const after = object({ text: { type: 'string', description: 'What to write', examples: ['b'], default: 'y' } });
      expect(input(before, after)).toEqual([
        { level: 'cosmetic', path: 'inputSchema.properties.text.default', message: 'input property "text": default changed' },
        { level: 'cosmetic', path: 'inputSchema.properties.text.description', message: 'input property "text": description changed' },
        { level: 'cosmetic', path: 'inputSchema.properties.text.examples', message: 'input property "text": examples changed' },
        { level: 'cosmetic', path: 'inputSchema.properties.text.title', message: 'input property "text": title removed' },
      ]);
    });

    it('recurses into nested properties and array items, naming them by their path', () => {
      const before = object({ address: object({ city: { type: 'string' }, zip: { type: 'string' } }), tags: { type: 'array', items: object({ name: { type: ['string', 'null'] } }) } });
      const after = object({ address: object({ zip: { type: 'string' } }), tags: { type: 'array', items: object({ name: { type: 'string' } }) } });
      expect(input(before, after)).toEqual([
        { level: 'breaking', path: 'inputSchema.properties.address.properties.city', message: 'input property "address.city" was removed' },
        { level: 'breaking', path: 'inputSchema.properties.tags.items.properties.name.type', message: 'input property "tags[].name": type narrowed from ["string","null"] to "string"' },
      ]);
    });

    it('a property of false is forbidden: false -> schema compatible, schema -> false breaking', () => {
      expect(only(input(object({ legacy: { type: 'string' } }), object({ legacy: false })))).toBe('breaking inputSchema.properties.legacy: input property "legacy" is now forbidden (schema false)');
      expect(only(input(object({ legacy: false }), object({ legacy: true })))).toMatch(/^compatible .*is no longer forbidden/);
    });

    it('anyOf: an added option is compatible, a removed or narrowed one breaking', () => {
      const value = (options: unknown[]) => object({ value: { anyOf: options } });
      expect(only(input(value([{ type: 'string' }]), value([{ type: 'string' }, { type: 'number' }])))).toBe(
        'compatible inputSchema.properties.value.anyOf[1]: input property "value" (anyOf option 2) was added',
      );
      expect(only(input(value([{ type: 'string' }, { type: 'number' }]), value([{ type: 'string' }])))).toMatch(/^breaking .*anyOf\[1\]: .*\(anyOf option 2\) was removed$/);
      expect(only(input(value([{ type: 'string' }, { type: 'number', maximum: 9 }]), value([{ type: 'string' }, { type: 'number', maximum: 5 }])))).toBe(
        'breaking inputSchema.properties.value.anyOf[1].maximum: input property "value" (anyOf option 2): maximum lowered from 9 to 5',
      );
      expect(only(input(value([{ type: 'string' }, { type: 'number' }]), value([{ type: 'number' }, { type: 'string' }])))).toMatch(/^cosmetic .*anyOf options reordered$/);
    });

    it('oneOf: a change that would be compatible elsewhere is breaking inside an option, and so is an added option', () => {
      const shape = (options: unknown[]) => ({ oneOf: options });
      const [widened] = input(shape([object({ a: { type: 'string' } }), object({ b: { type: 'string' } })]), shape([object({ a: { type: ['string', 'number'] } }), object({ b: { type: 'string' } })]));
      expect(widened).toEqual({
        level: 'breaking',
        path: 'inputSchema.oneOf[0].properties.a.type',
        message: 'input schema (oneOf option 1) property "a": type widened from "string" to ["string","number"] (inside a oneOf option: breaking, as it may now overlap another option)',
      });
      expect(only(input(shape([{ type: 'string' }]), shape([{ type: 'string' }, { type: 'number' }])))).toMatch(/^breaking .*oneOf\[1\]: .* was added$/);
    });

    it('allOf: an added member narrows (breaking), a removed one widens (compatible)', () => {
      expect(only(input({ allOf: [{ type: 'object' }] }, { allOf: [{ type: 'object' }, { required: ['id'] }] }))).toMatch(/^breaking inputSchema\.allOf\[1\]: .*allOf option 2\) was added$/);
      expect(only(input({ allOf: [{ type: 'object' }, { required: ['id'] }] }, { allOf: [{ type: 'object' }] }))).toMatch(/^compatible .*was removed$/);
    });

    it('$defs and definitions are compared by name; a changed $ref is breaking', () => {
      const address = (properties: Record<string, unknown>) => ({ ...object({ home: { $ref: '#/$defs/Address' } }), $defs: { Address: object(properties) } });
      expect(only(input(address({ city: { type: 'string' } }), address({})))).toBe('breaking inputSchema.$defs.Address.properties.city: input definition "Address" property "city" was removed');
      expect(only(input({ definitions: { A: {} } }, { definitions: {} }))).toBe('breaking inputSchema.definitions.A: input definition "A" was removed');
      expect(only(input({ definitions: {} }, { definitions: { A: {} } }))).toMatch(/^compatible .*definition "A" was added$/);
      expect(only(input(object({ home: { $ref: '#/$defs/A' } }), object({ home: { $ref: '#/$defs/B' } })))).toBe(
        'breaking inputSchema.properties.home.$ref: input property "home": $ref changed from "#/$defs/A" to "#/$defs/B"',
      );
    });

    it('a keyword without a rule is breaking, with the keyword named', () => {
      expect(only(input({ not: { type: 'string' } }, { not: { type: 'number' } }))).toBe('breaking inputSchema.not: input schema: not changed from {"type":"string"} to {"type":"number"}');
      expect(only(input({}, { 'x-internal': true }))).toMatch(/^breaking inputSchema.x-internal: input schema: x-internal changed from absent to true$/);
    });
  });

  describe('output schemas (what callers read: widening breaks them)', () => {
    it('a removed property is breaking, an added one compatible', () => {
      expect(only(output(object({ id: { type: 'string' } }), object({})))).toBe('breaking outputSchema.properties.id: output property "id" was removed');
      expect(only(output(object({}), object({ id: { type: 'string' } }, ['id'])))).toBe('compatible outputSchema.properties.id: output property "id" was added');
    });

    it('a property no longer required may be absent: breaking; newly required: compatible', () => {
      const optional = object({ id: { type: 'string' } });
      const required = object({ id: { type: 'string' } }, ['id']);
      expect(only(output(required, optional))).toBe('breaking outputSchema.properties.id: output property "id" may now be absent');
      expect(only(output(optional, required))).toBe('compatible outputSchema.properties.id: output property "id" is now always present');
    });

    it('a widened type is breaking, a narrowed one compatible', () => {
      expect(only(output(object({ id: { type: 'string' } }), object({ id: { type: ['string', 'null'] } })))).toMatch(/^breaking .*type widened/);
      expect(only(output(object({ id: { type: ['string', 'null'] } }), object({ id: { type: 'string' } })))).toMatch(/^compatible .*type narrowed/);
    });

    it('an added enum value is breaking, a removed one compatible', () => {
      expect(only(output(object({ s: { enum: ['open'] } }), object({ s: { enum: ['open', 'closed'] } })))).toBe(
        'breaking outputSchema.properties.s.enum: output property "s": enum value "closed" was added',
      );
      expect(only(output(object({ s: { enum: ['open', 'closed'] } }), object({ s: { enum: ['open'] } })))).toMatch(/^compatible .*enum value "closed" was removed$/);
    });

    it('looser bounds, extra properties and new anyOf options are breaking; tighter ones compatible', () => {
      expect(only(output(object({ n: { maximum: 5 } }), object({ n: { maximum: 9 } })))).toMatch(/^breaking .*maximum raised from 5 to 9$/);
      expect(only(output(object({ n: { maximum: 9 } }), object({ n: { maximum: 5 } })))).toMatch(/^compatible /);
      expect(only(output({ additionalProperties: false }, {}))).toBe('breaking outputSchema.additionalProperties: output schema: may now contain extra properties');
      expect(only(output({}, { additionalProperties: false }))).toMatch(/^compatible .*no longer contains extra properties$/);
      expect(only(output({ anyOf: [{ type: 'string' }] }, { anyOf: [{ type: 'string' }, { type: 'null' }] }))).toMatch(/^breaking .*was added$/);
    });

    it('the required-ness of a nested output property', () => {
      const note = (required: string[]) => object({ note: object({ id: { type: 'string' } }, required) });
      expect(only(output(note(['id']), note([])))).toBe('breaking outputSchema.properties.note.properties.id: output property "note.id" may now be absent');
    });
  });

  describe('hostile schemas', () => {
    it('malformed keywords are reported as breaking changes at their path, never thrown', () => {
      expect(only(input({ properties: { a: {} } }, { properties: [{ a: {} }] }))).toMatch(/^breaking inputSchema.properties: input schema: properties changed to or from .*not an object of schemas$/);
      expect(only(input({ required: ['a'] }, { required: [1] }))).toMatch(/^breaking inputSchema.required: .*not a list of names$/);
      expect(only(input({ type: 'string' }, { type: 7 }))).toBe('breaking inputSchema.type: input schema: type changed from "string" to 7');
      expect(only(input({ enum: ['a'] }, { enum: 'a' }))).toMatch(/^breaking inputSchema.enum:/);
      expect(only(input({ minimum: 1 }, { minimum: '2' }))).toMatch(/^breaking inputSchema.minimum: .*minimum changed from 1 to "2"$/);
      expect(only(input({ items: {} }, { items: [{}] }))).toMatch(/^breaking inputSchema.items:/);
      expect(only(input({ anyOf: [{}] }, { anyOf: { 0: {} } }))).toMatch(/^breaking inputSchema.anyOf:/);
      expect(only(input(object({ a: { type: 'string' } }), object({ a: 'string' })))).toBe(
        'breaking inputSchema.properties.a: input property "a" changed from {"type":"string"} to "string", which is not a valid JSON Schema',
      );
      expect(only(input(null, {}))).toMatch(/^breaking inputSchema: input schema changed from null to {}/);
    });

    it('property names such as __proto__ and constructor are data, not lookups into Object.prototype', () => {
      const before = JSON.parse('{"type":"object","properties":{"__proto__":{"type":"string"},"toString":{"type":"string"}}}') as unknown;
      const after = JSON.parse('{"type":"object","properties":{"__proto__":{"type":"number"},"constructor":{"type":"string"}},"required":["constructor"]}') as unknown;
      expect(input(before, after).map(({ level, message }) => `${level} ${message}`)).toEqual([
        'breaking input property "__proto__": type changed from "string" to "number"',
        'breaking input property "constructor" was added as required',
        'breaking input property "toString" was removed',
      ]);
      expect(({} as Record<string, unknown>).type).toBeUndefined();
    });

    it('odd keyword names are quoted in messages and paths', () => {
      expect(only(input({}, { 'evil\nkeyword': 1 }))).toBe('breaking inputSchema["evil\\nkeyword"]: input schema: ["evil\\nkeyword"] changed from absent to 1');
    });

    it('matches long enums and option lists by value, reading each value a few times, not once per pair', () => {
      const reads = readCounter();
      const values = (count: number) => Array.from({ length: count }, (_, index) => reads.counted({ value: index }));
      const options = (count: number) => Array.from({ length: count }, (_, index) => reads.counted({ const: index, description: `option ${index}` }));
      const [before, after] = [values(2_000), values(2_000).slice(1)];
      expect(only(input({ enum: before }, { enum: after }))).toBe('breaking inputSchema.enum: input schema: enum value {"value":0} was removed');
      const [was, now] = [options(2_000), options(2_000).reverse()];
      expect(only(input({ anyOf: was }, { anyOf: now }))).toBe('cosmetic inputSchema.anyOf: input schema: anyOf options reordered');
      // Comparing pair by pair would read each value about 2,000 times.
      expect(reads.most()).toBeLessThan(10);
    });

    it(`compares a schema nested deeper than ${MAX_SCHEMA_DEPTH} levels as a whole, with one change`, () => {
      const nested = (depth: number, leaf: unknown) => {
        let schema: unknown = leaf;
        for (let level = 0; level < depth; level++) schema = { type: 'object', properties: { a: schema } };
        return schema;
      };
      const [change, ...rest] = input(nested(500, { type: 'string' }), nested(500, { type: 'number' }));
      expect(rest).toEqual([]);
      expect(change.level).toBe('breaking');
      expect(change.path.split('.properties.a')).toHaveLength(MAX_SCHEMA_DEPTH + 1);
      expect(change.message).toMatch(/changed more than 64 levels deep \(not compared in detail\)$/);
      expect(input(nested(50_000, {}), nested(50_000, {}))).toEqual([]); // equality is checked without recursion
      expect(input(nested(50_000, {}), nested(50_000, { type: 'string' }))).toHaveLength(1);
    });
  });
});
