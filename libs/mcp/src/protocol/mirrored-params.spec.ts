import { describe, expect, it } from '@jest/globals';
import { mirroredHeaderMismatch, mirroredParams } from './mirrored-params.js';

describe('Mcp-Param-* mirrored parameters (SEP-2243)', () => {
  const params = mirroredParams({ type: 'object', properties: { region: { type: 'string', 'x-mcp-header': 'Region' }, other: { type: 'string' } } });

  it('finds the parameters marked with x-mcp-header', () => {
    expect(params).toEqual([{ param: 'region', header: 'mcp-param-region' }]);
  });

  it.each<[string, Record<string, string>, Record<string, unknown>, RegExp | undefined]>([
    ['a literal match', { 'mcp-param-region': 'eu-west' }, { region: 'eu-west' }, undefined],
    ['a base64 match', { 'mcp-param-region': '=?base64?SGVsbG8=?=' }, { region: 'Hello' }, undefined],
    ['surrounding whitespace', { 'mcp-param-region': '  eu-west ' }, { region: 'eu-west' }, undefined],
    ['neither header nor argument', {}, {}, undefined],
    ['a different value', { 'mcp-param-region': 'us-east' }, { region: 'eu-west' }, /does not match/],
    ['a missing header', {}, { region: 'eu-west' }, /Missing header mcp-param-region/],
    ['a header without argument', { 'mcp-param-region': 'eu-west' }, {}, /without the "region" argument/],
    ['bad base64 padding', { 'mcp-param-region': '=?base64?SGVsbG8?=' }, { region: 'Hello' }, /not valid base64/],
    ['bad base64 characters', { 'mcp-param-region': '=?base64?SGVs!!!bG8=?=' }, { region: 'Hello' }, /not valid base64/],
  ])('judges %s', (_name, headers, args, expected) => {
    const mismatch = mirroredHeaderMismatch(headers, params, args);
    if (expected) expect(mismatch).toMatch(expected);
    else expect(mismatch).toBeUndefined();
  });
});
