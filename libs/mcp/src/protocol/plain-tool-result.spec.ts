import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from '@jest/globals';
import { legacyCodec, modernCodec } from '../../../../test/helpers/wire-codecs.js';
import { isPlainToolResult } from './plain-tool-result.js';

/** Both eras' wire codecs: the hot paths serve 2025 connections and 2026-07-28 requests. */
const CODECS = [
  ['2025-11-25', legacyCodec],
  ['2026-07-28', modernCodec],
] as const;

const RESULTS: unknown[] = [
  { content: [] },
  { content: [{ type: 'text', text: 'hi' }] },
  { content: [{ type: 'text', text: 'hi' }, { type: 'image', data: 'AAAA', mimeType: 'image/png' }] },
  { content: [{ type: 'audio', data: 'AAAA', mimeType: 'audio/wav' }], isError: true },
  { content: [{ type: 'text', text: '{}' }], structuredContent: { a: 1 } },
  { content: [{ type: 'text', text: 'hi', annotations: { audience: ['user'] } }] },
  { content: [{ type: 'text', text: 'hi', annotations: { audience: ['nobody'] } }] },
  { content: [{ type: 'text', text: 7 }] },
  { content: [{ type: 'text' }] },
  { content: [{ type: 'image', data: 'AAAA' }] },
  { content: [{ type: 'bogus' }] },
  { content: [{ type: 'resource_link', uri: 'notes://1', name: 'n' }] },
  { content: [null] },
  { content: 'hi' },
  { content: [], isError: 'yes' },
  { content: [], structuredContent: [] },
  { content: [], _meta: { progressToken: {} } },
  { content: [], extra: 1 },
  {},
  null,
  [],
];

describe('tools/call results that need no schema check', () => {
  const cases = CODECS.flatMap(([era, codec]) => RESULTS.map((result, index) => [era, index, result, codec] as const));
  it.each(cases)('%s #%d: plain only when the SDK schema of the era accepts it unchanged', (_era, _index, result, codec) => {
    const outcome = codec.validateResult('tools/call', result);
    const sdkTakesAsIs = outcome.ok && isDeepStrictEqual(outcome.value, result);
    expect({ plain: isPlainToolResult(result), sdkTakesAsIs }).toEqual({ plain: isPlainToolResult(result) && sdkTakesAsIs, sdkTakesAsIs });
  });

  it('covers what the library builds from a handler value', () => {
    expect(isPlainToolResult({ content: [{ type: 'text', text: 'hi' }] })).toBe(true);
    expect(isPlainToolResult({ content: [{ type: 'text', text: '{"a":1}' }], structuredContent: { a: 1 } })).toBe(true);
    expect(isPlainToolResult({ content: [{ type: 'text', text: 'failed' }], isError: true })).toBe(true);
  });
});
