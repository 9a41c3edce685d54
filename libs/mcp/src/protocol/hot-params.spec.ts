import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from '@jest/globals';
import { legacyCodec, modernCodec } from '../../../../test/helpers/wire-codecs.js';
import { HOT_METHODS, takesHotParams, type HotMethod } from './hot-params.js';

/** Both eras' wire codecs: the hot paths serve 2025 connections and 2026-07-28 requests. */
const CODECS = [
  ['2025-11-25', legacyCodec],
  ['2026-07-28', modernCodec],
] as const;

const META_CASES: unknown[] = [
  undefined,
  {},
  { progressToken: 'p' },
  { progressToken: 7 },
  { progressToken: 1.5 },
  { progressToken: null },
  { progressToken: {} },
  { 'io.github.nestjs-mcp/version': '1.0.0' },
  { 'io.modelcontextprotocol/related-task': { taskId: 't' } },
  { 'io.modelcontextprotocol/related-task': 'nope' },
  { 'io.modelcontextprotocol/protocolVersion': '2026-07-28' },
  [],
  'meta',
  null,
];

/** Params of each method, well-formed and hostile: every member of the wrong type, unknown members, `_meta` cases. */
const PARAMS: Record<HotMethod, unknown[]> = {
  'tools/call': [
    { name: 'echo' },
    { name: 'echo', arguments: { text: 'x' } },
    { name: 'echo', arguments: {} },
    { name: 'echo', arguments: undefined },
    { name: 'echo', arguments: [] },
    { name: 'echo', arguments: null },
    { name: 'echo', arguments: 'x' },
    { name: 7 },
    { name: null },
    {},
    { arguments: {} },
    { name: 'echo', task: { ttl: 1000 } },
    { name: 'echo', task: 'later' },
    { name: 'echo', unexpected: true },
    { name: 'echo', inputResponses: {} },
    { name: 'echo', requestState: 's' },
    undefined,
    null,
    [],
    'echo',
    ...META_CASES.map((_meta) => ({ name: 'echo', arguments: { a: 1 }, _meta })),
  ],
  'tools/list': [
    undefined,
    {},
    { cursor: 'abc' },
    { cursor: 7 },
    { cursor: null },
    { cursor: undefined },
    { unexpected: 1 },
    null,
    [],
    'x',
    ...META_CASES.map((_meta) => ({ cursor: 'c', _meta })),
  ],
  'resources/read': [
    { uri: 'notes://1' },
    { uri: '' },
    { uri: 7 },
    { uri: null },
    {},
    { uri: 'notes://1', unexpected: 1 },
    { uri: 'notes://1', requestState: 's' },
    undefined,
    null,
    [],
    ...META_CASES.map((_meta) => ({ uri: 'notes://1', _meta })),
  ],
};

const cases = CODECS.flatMap(([era, codec]) =>
  HOT_METHODS.flatMap((method) => PARAMS[method].map((params, index) => [era, method, index, params, codec] as const)),
);

describe('params the hot path takes as they are', () => {
  it.each(cases)('%s %s #%d: taken only when the SDK schema of the era accepts them unchanged', (_era, method, _index, params, codec) => {
    const outcome = codec.validateRequest(method, params === undefined ? { method } : { method, params });
    // Unchanged: the SDK's parse neither refuses nor strips nor adds a member the handler would see differently.
    const sdkTakesAsIs = outcome.ok && isDeepStrictEqual((outcome.value as { params?: unknown }).params, params);
    expect({ taken: takesHotParams(method, params), sdkTakesAsIs }).toEqual({ taken: takesHotParams(method, params) && sdkTakesAsIs, sdkTakesAsIs });
  });

  it('takes the requests clients send on every call', () => {
    expect(takesHotParams('tools/call', { name: 'echo', arguments: { text: 'x' } })).toBe(true);
    expect(takesHotParams('tools/call', { name: 'echo', arguments: { text: 'x' }, _meta: { progressToken: 3 } })).toBe(true);
    expect(takesHotParams('tools/list', undefined)).toBe(true);
    expect(takesHotParams('tools/list', { cursor: 'MTAw' })).toBe(true);
    expect(takesHotParams('resources/read', { uri: 'notes://1' })).toBe(true);
  });

  it('leaves task-augmented calls, input-round retries and reserved _meta keys to the SDK', () => {
    expect(takesHotParams('tools/call', { name: 'echo', task: { ttl: 1 } })).toBe(false);
    expect(takesHotParams('tools/call', { name: 'echo', requestState: 's' })).toBe(false);
    expect(takesHotParams('tools/call', { name: 'echo', _meta: { 'io.modelcontextprotocol/related-task': { taskId: 't' } } })).toBe(false);
  });
});
