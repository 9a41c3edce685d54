import { describe, expect, it } from '@jest/globals';
import { CliError } from '../cli-error.js';
import { promptArguments, toolArguments } from './call-arguments.js';

const schema = {
  type: 'object',
  properties: {
    text: { type: 'string' },
    count: { type: 'integer' },
    ratio: { type: 'number' },
    done: { type: 'boolean' },
    tags: { type: 'array', items: { type: 'string' } },
    where: { type: 'object' },
    either: { type: ['string', 'null'] },
    loose: {},
  },
};

describe('toolArguments', () => {
  it('reads each key=value by the type of its property', () => {
    expect(toolArguments(undefined, ['text=42', 'count=7', 'ratio=0.5', 'done=true', 'tags=["a","b"]', 'where={"x":1}', 'either=null'], schema)).toEqual({
      text: '42',
      count: 7,
      ratio: 0.5,
      done: true,
      tags: ['a', 'b'],
      where: { x: 1 },
      either: 'null',
    });
  });

  it('takes JSON when it parses and text when it does not, for properties of no known type', () => {
    expect(toolArguments(undefined, ['loose=[1]', 'other=plain words', 'n=3'], schema)).toEqual({ loose: [1], other: 'plain words', n: 3 });
  });

  it('keeps everything after the first = as the value', () => {
    expect(toolArguments(undefined, ['text=a=b=c', 'where={"k":"v=w"}'], schema)).toEqual({ text: 'a=b=c', where: { k: 'v=w' } });
  });

  it('lets key=value pairs override --args', () => {
    expect(toolArguments('{"text":"from json","count":1}', ['count=2'], schema)).toEqual({ text: 'from json', count: 2 });
  });

  it('refuses values that do not fit the schema type, before anything is sent', () => {
    expect(() => toolArguments(undefined, ['count=many'], schema)).toThrow('count=many: expected a number');
    expect(() => toolArguments(undefined, ['count='], schema)).toThrow('expected a number');
    expect(() => toolArguments(undefined, ['ratio=Infinity'], schema)).toThrow('expected a number');
    expect(() => toolArguments(undefined, ['done=yes'], schema)).toThrow('done=yes: expected true or false');
    expect(() => toolArguments(undefined, ['tags=a,b'], schema)).toThrow('tags=a,b: expected JSON (array)');
  });

  it('refuses words that are not pairs, and --args that is not a JSON object', () => {
    expect(() => toolArguments(undefined, ['text'], schema)).toThrow(CliError);
    expect(() => toolArguments(undefined, ['=x'], schema)).toThrow('"=x": arguments are key=value');
    expect(() => toolArguments('{bad', [], schema)).toThrow('--args is not valid JSON');
    expect(() => toolArguments('[1,2]', [], schema)).toThrow('--args must be a JSON object');
    expect(() => toolArguments('null', [], schema)).toThrow('--args must be a JSON object');
  });

  it('keeps __proto__ and constructor as plain keys, polluting nothing', () => {
    const args = toolArguments('{"__proto__":{"a":1}}', ['constructor=1', '__proto__={"b":2}'], schema);
    expect(Object.keys(args)).toEqual(['__proto__', 'constructor']);
    expect(Object.getPrototypeOf(args)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).b).toBeUndefined();
    expect(JSON.parse(JSON.stringify(args))).toEqual(JSON.parse('{"__proto__":{"b":2},"constructor":1}'));
  });

  it('works without a usable schema', () => {
    expect(toolArguments(undefined, ['a=1', 'b=x'], undefined)).toEqual({ a: 1, b: 'x' });
    expect(toolArguments(undefined, ['a=1'], { properties: [] })).toEqual({ a: 1 });
  });
});

describe('promptArguments', () => {
  it('keeps every value a string, key=value over --args', () => {
    expect(promptArguments('{"topic":"a","depth":"b"}', ['depth=42'])).toEqual({ topic: 'a', depth: '42' });
  });

  it('refuses non-string --args values', () => {
    expect(() => promptArguments('{"depth":2}', [])).toThrow('--args: prompt argument "depth" must be a string');
  });
});
