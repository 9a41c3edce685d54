import { describe, expect, it } from '@jest/globals';
import { McpContent } from './content.js';
import { toGetPromptResult } from './prompt-result.mapper.js';
import { toReadResourceResult } from './resource-result.mapper.js';
import { toCallToolResult } from './tool-result.mapper.js';

class Point {
  constructor(
    readonly x: number,
    readonly y: number,
  ) {}
}

describe('toCallToolResult', () => {
  it.each<[string, unknown, boolean, unknown]>([
    ['a string as text', 'hi', false, { content: [{ type: 'text', text: 'hi' }] }],
    ['nothing as empty content', undefined, false, { content: [] }],
    ['an object as JSON text', { a: 1 }, false, { content: [{ type: 'text', text: '{"a":1}' }] }],
    ['an array as JSON text', [1, 2], false, { content: [{ type: 'text', text: '[1,2]' }] }],
    ['a content block as itself', McpContent.image(Buffer.from('png'), 'image/png'), false, { content: [{ type: 'image', data: 'cG5n', mimeType: 'image/png' }] }],
    [
      'content blocks as the content',
      [McpContent.text('a'), McpContent.audio('AAA=', 'audio/wav')],
      false,
      { content: [{ type: 'text', text: 'a' }, { type: 'audio', data: 'AAA=', mimeType: 'audio/wav' }] },
    ],
    ['a full result as it is', { content: [], isError: true }, false, { content: [], isError: true }],
    [
      'a DTO as structured content plus JSON text, with an output schema',
      new Point(1, 2),
      true,
      { content: [{ type: 'text', text: '{"x":1,"y":2}' }], structuredContent: { x: 1, y: 2 } },
    ],
  ])('maps %s', (_name, value, hasOutput, expected) => {
    expect(toCallToolResult(value, { structured: hasOutput })).toEqual(expected);
  });
});

describe('toReadResourceResult', () => {
  it('maps text, bytes, JSON and full results', () => {
    expect(toReadResourceResult('body', 'a://x', 'text/plain')).toEqual({ contents: [{ uri: 'a://x', mimeType: 'text/plain', text: 'body' }] });
    expect(toReadResourceResult(Buffer.from([1, 2, 3]), 'a://b', 'application/octet-stream')).toEqual({
      contents: [{ uri: 'a://b', mimeType: 'application/octet-stream', blob: 'AQID' }],
    });
    expect(toReadResourceResult({ a: 1 }, 'a://j', undefined)).toEqual({ contents: [{ uri: 'a://j', mimeType: 'application/json', text: '{"a":1}' }] });
    const full = { contents: [{ uri: 'a://f', text: 'f' }] };
    expect(toReadResourceResult(full, 'a://f', undefined)).toBe(full);
  });
});

describe('toGetPromptResult', () => {
  it('maps strings, messages, content blocks and full results', () => {
    expect(toGetPromptResult('Say hi', 'greeting')).toEqual({
      description: 'greeting',
      messages: [{ role: 'user', content: { type: 'text', text: 'Say hi' } }],
    });
    expect(toGetPromptResult([{ role: 'assistant', content: { type: 'text', text: 'ok' } }, McpContent.resource('r://1', { text: 't' }, 'text/plain')], undefined)).toEqual({
      messages: [
        { role: 'assistant', content: { type: 'text', text: 'ok' } },
        { role: 'user', content: { type: 'resource', resource: { uri: 'r://1', mimeType: 'text/plain', text: 't' } } },
      ],
    });
    const full = { messages: [] };
    expect(toGetPromptResult(full, undefined)).toBe(full);
  });
});
