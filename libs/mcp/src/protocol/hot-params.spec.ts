import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from '@jest/globals';
import { Server } from '@modelcontextprotocol/server';
import { HOT_METHODS, takesHotParams, type HotMethod } from './hot-params.js';

/** The SDK's 2025-11-25 wire codec: what an initialized 2025 connection validates requests with. */
class CodecProbe extends Server {
  codec() {
    return this._wireCodec();
  }
}
const codec = new CodecProbe({ name: 'probe', version: '1.0.0' }, {}).codec();

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

const cases = HOT_METHODS.flatMap((method) => PARAMS[method].map((params, index) => [method, index, params] as const));

describe('params the hot path takes as they are', () => {
  it.each(cases)('%s #%d: taken only when the SDK schema accepts them unchanged', (method, _index, params) => {
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
