import { describe, expect, it } from '@jest/globals';
import { screenBody, screenLine, screenMessage, screenStreamMessage } from './inbound-screen.js';
import { nestsDeeperThan } from './nesting-depth.js';
import { describeIssues, paramsIssuesOf } from './schema-issues.js';

function nested(levels: number): Record<string, unknown> {
  let value: Record<string, unknown> = {};
  for (let level = 1; level < levels; level++) value = { a: value };
  return value;
}

const request = (params: unknown) => ({ jsonrpc: '2.0', id: 3, method: 'tools/list', params });

describe('nestsDeeperThan', () => {
  it('counts objects and arrays, the value itself as depth 1', () => {
    expect(nestsDeeperThan('text', 0)).toBe(false);
    expect(nestsDeeperThan({}, 1)).toBe(false);
    expect(nestsDeeperThan({}, 0)).toBe(true);
    expect(nestsDeeperThan({ a: [[{}]] }, 4)).toBe(false);
    expect(nestsDeeperThan({ a: [[{}]] }, 3)).toBe(true);
    expect(nestsDeeperThan({ wide: Array.from({ length: 10_000 }, () => ({ x: 1 })) }, 3)).toBe(false);
  });

  it('walks a million levels without recursion, and stops on a cycle', () => {
    expect(nestsDeeperThan(nested(1_000_000), 64)).toBe(true);
    expect(nestsDeeperThan(nested(64), 64)).toBe(false);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(nestsDeeperThan(cyclic, 64)).toBe(true);
  });
});

describe('screenMessage', () => {
  it.each([
    [request({ _meta: 42 }), -32602, 'Invalid params for tools/list: _meta must be an object'],
    [request({ _meta: [] }), -32602, 'Invalid params for tools/list: _meta must be an object'],
    [request({ _meta: { progressToken: 1.5 } }), -32602, 'Invalid params for tools/list: _meta.progressToken must be a string or an integer'],
    [request({ _meta: { 'io.modelcontextprotocol/related-task': {} } }), -32602, 'Invalid params for tools/list: _meta["io.modelcontextprotocol/related-task"].taskId must be a string'],
    [request('x'), -32600, 'Invalid Request: params must be an object'],
    [request(null), -32600, 'Invalid Request: params must be an object'],
    [request([1]), -32602, 'Invalid params for tools/list: params must be an object, not an array'],
    [{ jsonrpc: '1.0', id: 3, method: 'ping' }, -32600, 'Invalid Request: jsonrpc must be "2.0"'],
    [{ jsonrpc: '2.0', id: 3 }, -32600, 'Invalid Request: method must be a string'],
    [{ jsonrpc: '2.0', id: 3, method: 7 }, -32600, 'Invalid Request: method must be a string'],
    [{ jsonrpc: '2.0', id: 3, method: 'ping', other: 1 }, -32600, 'Invalid Request: unexpected member "other"'],
    [{ jsonrpc: '2.0', id: 3, method: 'initialize', params: { protocolVersion: '2025-11-25' } }, -32602, 'Invalid params for initialize: capabilities is required; clientInfo is required'],
    [request({ deep: nested(70) }), -32600, 'Invalid Request: nesting deeper than 64'],
  ])('refuses %j with %d', (message, code, text) => {
    expect(screenMessage(message, 64)).toEqual({ id: 3, rejection: expect.objectContaining({ code, message: text }) });
  });

  it('passes valid requests, notifications and responses, and reads only usable ids', () => {
    expect(screenMessage(request({ _meta: { progressToken: 'p' }, cursor: 'c' }), 64)).toBeUndefined();
    expect(screenMessage({ jsonrpc: '2.0', method: 'notifications/initialized' }, 64)).toBeUndefined();
    expect(screenMessage({ jsonrpc: '2.0', id: 1, result: {} }, 64)).toBeUndefined();
    // 2026-07-28 has no initialize: the SDK answers it -32601, whatever its params.
    const modernInitialize = { jsonrpc: '2.0', id: 1, method: 'initialize', params: { _meta: { 'io.modelcontextprotocol/protocolVersion': '2026-07-28' } } };
    expect(screenMessage(modernInitialize, 64)).toBeUndefined();
    expect(screenMessage({ jsonrpc: '2.0', id: { no: 1 }, method: 'ping' }, 64)?.id).toBeNull();
    expect(screenMessage({ jsonrpc: '2.0', id: 2.5, method: 'ping' }, 64)).toMatchObject({ id: 2.5, rejection: { code: -32600 } });
  });

  it('leaves bodies that are not parsed JSON structures to the HTTP transport, and refuses a batch for one bad member', () => {
    expect(screenBody(undefined, 64)).toBeUndefined();
    expect(screenBody('hello', 64)).toBeUndefined();
    expect(screenBody([request({}), { ...request({ _meta: 1 }), id: 'bad' }], 64)).toMatchObject({ id: 'bad', rejection: { code: -32602 } });
  });
});

describe('stream screening (stdio, in memory)', () => {
  it('answers what is not JSON with -32700 and a null id', () => {
    expect(screenLine('{"jsonrpc":', 64)).toEqual({ answer: { jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error: the message is not valid JSON' } } });
  });

  it('answers refused requests, ignores refused notifications and responses, delivers the rest', () => {
    expect(screenLine(JSON.stringify(request({ _meta: 1 })), 64)).toMatchObject({ answer: { id: 3, error: { code: -32602 } } });
    expect(screenStreamMessage({ jsonrpc: '2.0', method: 'notifications/initialized', params: 'x' }, 64)).toEqual({
      ignore: 'Invalid Request: params must be an object',
    });
    expect(screenStreamMessage({ jsonrpc: '2.0', id: 1, result: 'not an object' }, 64)).toHaveProperty('ignore');
    expect(screenStreamMessage([request({})], 64)).toMatchObject({ answer: { id: null, error: { code: -32600 } } });
    expect(screenStreamMessage(request({}), 64)).toEqual({ deliver: request({}) });
  });
});

describe('describeIssues', () => {
  it('words schema issues for people, closest union branch first', () => {
    expect(
      describeIssues([
        { code: 'invalid_type', expected: 'string', path: ['uri'], message: 'Invalid input: expected string, received number' },
        { code: 'invalid_type', expected: 'object', path: ['clientInfo'], message: 'Invalid input: expected object, received undefined' },
        { code: 'invalid_value', values: ['a', 'b'], path: ['level'], message: 'Invalid option' },
      ]),
    ).toBe('uri must be a string; clientInfo is required; level must be one of "a", "b"');
    expect(
      describeIssues([
        {
          code: 'invalid_union',
          path: ['ref'],
          message: 'Invalid input',
          errors: [
            [
              { code: 'invalid_value', values: ['ref/resource'], path: ['type'], message: 'x' },
              { code: 'invalid_type', expected: 'string', path: ['uri'], message: 'received undefined' },
            ],
            [{ code: 'invalid_type', expected: 'string', path: ['name'], message: 'Invalid input: expected string, received undefined' }],
          ],
        },
      ]),
    ).toBe('ref.name is required');
    expect(describeIssues([{ code: 'too_small', path: ['items', 0, 'id'], message: 'Too small' }])).toBe('items[0].id: Too small');
    expect(describeIssues([{ message: 'whole thing wrong' }])).toBe('params: whole thing wrong');
  });

  it('reads the SDK validation message back into issues, without the leading params', () => {
    const dump = JSON.stringify([{ expected: 'string', code: 'invalid_type', path: ['params', 'uri'], message: 'Invalid input: expected string, received number' }], null, 2);
    expect(paramsIssuesOf(dump)).toEqual([expect.objectContaining({ path: ['uri'] })]);
    expect(paramsIssuesOf('Error: not json')).toBeUndefined();
  });
});
