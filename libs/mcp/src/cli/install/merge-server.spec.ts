import { describe, expect, it } from '@jest/globals';
import { ConfigNotWritable, parseConfigText } from './config-text.js';
import { type MergeOutcome, mergeServer } from './merge-server.js';

const entry = { command: 'node', args: ['/app/dist/stdio.js'] };
const keysOf = (outcome: MergeOutcome, ...path: string[]): string[] => {
  if (outcome.kind !== 'added' && outcome.kind !== 'replaced') throw new Error(`no document: ${outcome.kind}`);
  return Object.keys(path.reduce<Record<string, unknown>>((value, key) => value[key] as Record<string, unknown>, outcome.document));
};

describe('mergeServer', () => {
  it('adds the entry, keeping every other key and server in order, without touching the input', () => {
    const document = { numStartups: 41, mcpServers: { other: { url: 'https://x/mcp' } }, projects: { '/p': { mcpServers: {} } } };
    const before = structuredClone(document);
    const outcome = mergeServer(document, 'mcpServers', 'notes', entry, false, 'f');
    expect(outcome).toEqual({
      kind: 'added',
      document: { numStartups: 41, mcpServers: { other: { url: 'https://x/mcp' }, notes: entry }, projects: { '/p': { mcpServers: {} } } },
    });
    expect(keysOf(outcome)).toEqual(['numStartups', 'mcpServers', 'projects']);
    expect(document).toEqual(before);
  });

  it('creates the servers key when there is none', () => {
    expect(mergeServer({ inputs: [] }, 'servers', 'notes', entry, false, 'f')).toEqual({ kind: 'added', document: { inputs: [], servers: { notes: entry } } });
  });

  it('an identical entry (in any key order) is unchanged', () => {
    const document = { mcpServers: { notes: { args: ['/app/dist/stdio.js'], command: 'node' } } };
    expect(mergeServer(document, 'mcpServers', 'notes', entry, false, 'f')).toEqual({ kind: 'unchanged' });
    expect(mergeServer(document, 'mcpServers', 'notes', entry, true, 'f')).toEqual({ kind: 'unchanged' });
  });

  it('a different entry is a conflict showing it, replaced in place with force', () => {
    const document = { mcpServers: { first: {}, notes: { command: 'python' }, last: {} } };
    expect(mergeServer(document, 'mcpServers', 'notes', entry, false, 'f')).toEqual({ kind: 'conflict', existing: { command: 'python' } });
    const outcome = mergeServer(document, 'mcpServers', 'notes', entry, true, 'f');
    expect(outcome).toEqual({ kind: 'replaced', document: { mcpServers: { first: {}, notes: entry, last: {} } } });
    expect(keysOf(outcome, 'mcpServers')).toEqual(['first', 'notes', 'last']);
  });

  it.each([
    ['an array', { mcpServers: [] }],
    ['a string', { mcpServers: 'none' }],
    ['null', { mcpServers: null }],
  ])('refuses a servers key that is %s', (what, document) => {
    expect(() => mergeServer(document, 'mcpServers', 'notes', entry, true, '/x/.mcp.json')).toThrow(new ConfigNotWritable(`"mcpServers" in /x/.mcp.json is ${what}, not an object of servers`));
  });

  it('keeps a "__proto__" key of the file as plain data and never sets a prototype', () => {
    const document = parseConfigText('{"__proto__": {"polluted": true}, "mcpServers": {"__proto__": {"x": 1}}}', 'f');
    const outcome = mergeServer(document, 'mcpServers', 'notes', entry, false, 'f') as { document: Record<string, Record<string, unknown>> };
    expect(JSON.stringify(outcome.document)).toBe('{"__proto__":{"polluted":true},"mcpServers":{"__proto__":{"x":1},"notes":{"command":"node","args":["/app/dist/stdio.js"]}}}');
    expect(Object.getPrototypeOf(outcome.document)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
