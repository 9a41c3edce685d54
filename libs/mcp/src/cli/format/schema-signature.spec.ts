import { describe, expect, it } from '@jest/globals';
import { parameterList, resultShape, typeName } from './schema-signature.js';

describe('schema signatures', () => {
  it('lists properties in schema order, marking the optional ones', () => {
    const schema = { type: 'object', properties: { text: { type: 'string' }, tags: { type: 'array', items: { type: 'string' } } }, required: ['text'] };
    expect(parameterList(schema)).toBe('(text: string, tags?: string[])');
  });

  it('names enums, consts, unions, integers and nested arrays', () => {
    expect(typeName({ enum: ['low', 'high'] }, 0)).toBe('"low" | "high"');
    expect(typeName({ const: 3 }, 0)).toBe('3');
    expect(typeName({ anyOf: [{ type: 'string' }, { type: 'null' }] }, 0)).toBe('string | null');
    expect(typeName({ type: ['integer', 'boolean'] }, 0)).toBe('number | boolean');
    expect(typeName({ type: 'array', items: { anyOf: [{ type: 'string' }, { type: 'number' }] } }, 0)).toBe('(string | number)[]');
  });

  it('shows an output schema by its properties, or its type', () => {
    expect(resultShape({ type: 'object', properties: { id: {}, text: {} } })).toBe('{ id, text }');
    expect(resultShape({ type: 'string' })).toBe('string');
  });

  it('copes with odd or hostile schemas', () => {
    expect(parameterList(null)).toBe('()');
    expect(parameterList({ properties: [], required: 'text' })).toBe('()');
    expect(typeName({ type: 42 }, 0)).toBe('unknown');
    let deep: Record<string, unknown> = { type: 'string' };
    for (let level = 0; level < 1000; level++) deep = { type: 'array', items: deep };
    expect(typeName(deep, 0)).toMatch(/^unknown(\[\])+$/);
  });
});
