import { describe, expect, it } from '@jest/globals';
import { lazyJsonSchema } from './lazy-json-schema.js';

describe('lazyJsonSchema', () => {
  const schema = { type: 'object', properties: { n: { type: 'number' } }, required: ['n'] } as const;

  it('describes itself without compiling, and validates as fromJsonSchema does', () => {
    const lazy = lazyJsonSchema<{ n: number }>(schema);
    expect(lazy['~standard'].jsonSchema.input({ target: 'draft-2020-12' })).toBe(schema);
    expect(lazy['~standard'].validate({ n: 1 })).toEqual({ value: { n: 1 } });
    expect(lazy['~standard'].validate({ n: 'one' })).toEqual({ issues: [{ message: expect.stringContaining('must be number') }] });
  });
});
