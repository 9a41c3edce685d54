import { describe, expect, it } from '@jest/globals';
import type { JSONRPCRequest } from '@modelcontextprotocol/server';
import { modernHotRequest, type ModernRequestHeaders } from './modern-hot-request.js';

const ENVELOPE = {
  'io.modelcontextprotocol/protocolVersion': '2026-07-28',
  'io.modelcontextprotocol/clientInfo': { name: 'c', version: '1' },
  'io.modelcontextprotocol/clientCapabilities': {},
  'io.modelcontextprotocol/logLevel': 'info',
};

const call = (params: Record<string, unknown>): JSONRPCRequest => ({ jsonrpc: '2.0', id: 4, method: 'tools/call', params: { _meta: ENVELOPE, ...params } });
const headersOf = (overrides: Partial<ModernRequestHeaders> = {}): ModernRequestHeaders => ({
  protocolVersion: '2026-07-28',
  method: 'tools/call',
  name: 'echo',
  ...overrides,
});

describe('2026-07-28 requests the server answers itself', () => {
  it('lifts the envelope out of _meta, as the SDK does, and keeps the other _meta keys', () => {
    expect(modernHotRequest(call({ name: 'echo', arguments: { a: 1 } }), headersOf())).toEqual({
      request: { jsonrpc: '2.0', id: 4, method: 'tools/call', params: { name: 'echo', arguments: { a: 1 } } },
      envelope: ENVELOPE,
    });
    const withToken = modernHotRequest(call({ name: 'echo', _meta: { ...ENVELOPE, progressToken: 3 } }), headersOf());
    expect(withToken?.request.params).toEqual({ name: 'echo', _meta: { progressToken: 3 } });
  });

  it('takes tools/list without a name header and resources/read named by its uri', () => {
    const list: JSONRPCRequest = { jsonrpc: '2.0', id: 1, method: 'tools/list', params: { _meta: ENVELOPE } };
    expect(modernHotRequest(list, headersOf({ method: 'tools/list', name: undefined }))?.request.params).toEqual({});
    const read: JSONRPCRequest = { jsonrpc: '2.0', id: 1, method: 'resources/read', params: { uri: 'notes://1', _meta: ENVELOPE } };
    expect(modernHotRequest(read, headersOf({ method: 'resources/read', name: 'notes://1' }))?.request.params).toEqual({ uri: 'notes://1' });
  });

  it.each([
    ['another method', { ...call({ name: 'echo' }), method: 'prompts/get' }, headersOf({ method: 'prompts/get' })],
    ['no version header', call({ name: 'echo' }), headersOf({ protocolVersion: undefined })],
    ['another version header', call({ name: 'echo' }), headersOf({ protocolVersion: '2025-11-25' })],
    ['no method header', call({ name: 'echo' }), headersOf({ method: undefined })],
    ['a method header naming another method', call({ name: 'echo' }), headersOf({ method: 'tools/list' })],
    ['no name header', call({ name: 'echo' }), headersOf({ name: undefined })],
    ['a name header naming another tool', call({ name: 'echo' }), headersOf({ name: 'other' })],
    ['an encoded name header', call({ name: 'echo' }), headersOf({ name: '=?base64?ZWNobw==?=' })],
    ['a name header with whitespace', call({ name: 'echo' }), headersOf({ name: ' echo' })],
    ['an input-round retry (inputResponses)', call({ name: 'echo', inputResponses: {} }), headersOf()],
    ['an input-round retry (requestState)', call({ name: 'echo', requestState: 's' }), headersOf()],
    ['an envelope of another revision', call({ name: 'echo', _meta: { ...ENVELOPE, 'io.modelcontextprotocol/protocolVersion': '2027-01-01' } }), headersOf()],
    ['no envelope', call({ name: 'echo', _meta: undefined }), headersOf()],
    ['a reserved key beside the envelope', call({ name: 'echo', _meta: { ...ENVELOPE, 'io.modelcontextprotocol/related-task': { taskId: 't' } } }), headersOf()],
    ['a task-augmented call', call({ name: 'echo', task: { ttl: 1 } }), headersOf()],
    ['arguments that are not an object', call({ name: 'echo', arguments: [] }), headersOf()],
    ['a name that is not a string', call({ name: 7 }), headersOf({ name: '7' })],
    ['params that are not an object', { jsonrpc: '2.0', id: 1, method: 'tools/call', params: 'x' } as unknown as JSONRPCRequest, headersOf()],
  ] as const)('leaves %s to the SDK', (_case, request, headers) => {
    expect(modernHotRequest(request as JSONRPCRequest, headers)).toBeUndefined();
  });
});
