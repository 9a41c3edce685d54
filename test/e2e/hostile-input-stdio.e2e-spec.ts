import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import { BAD_META, MODERN_META, nestedJson } from '../helpers/hostile.js';
import { waitFor } from '../helpers/wait.js';

const entry = resolve(process.cwd(), 'dist/stdio.js');

/** The built demo (`npm run build`) as a child process, spoken to line by line as a hostile host would. */
class StdioChild {
  readonly replies: Record<string, any>[] = [];
  stderr = '';
  private readonly child: ChildProcessWithoutNullStreams;
  private pending = '';

  constructor() {
    this.child = spawn(process.execPath, [entry], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.child.stdout.on('data', (chunk: Buffer) => {
      const lines = (this.pending + chunk.toString()).split('\n');
      this.pending = lines.pop() ?? '';
      for (const line of lines) if (line.trim()) this.replies.push(JSON.parse(line));
    });
  }

  write(line: string): void {
    this.child.stdin.write(`${line}\n`);
  }

  /** Writes a line and resolves with the reply carrying `id` (null: the next reply with a null id). */
  async exchange(line: string, id: string | number | null): Promise<Record<string, any>> {
    const seen = this.replies.length;
    this.write(line);
    let reply: Record<string, any> | undefined;
    await waitFor(() => (reply = this.replies.slice(seen).find((candidate) => candidate.id === id)) !== undefined, 10_000);
    return reply!;
  }

  async close(): Promise<void> {
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.stdin.end();
    await exited;
  }
}

const request = (id: string | number, method: string, params: unknown) => JSON.stringify({ jsonrpc: '2.0', id, method, params });

describe('hostile input over stdio: every request gets its answer, the connection stays healthy', () => {
  const children: StdioChild[] = [];
  const start = () => {
    const child = new StdioChild();
    children.push(child);
    return child;
  };
  afterEach(async () => {
    await Promise.all(children.splice(0).map((child) => child.close()));
  });

  it('answers hostile opening lines, then opens a 2025 session and answers hostile requests on it', async () => {
    const child = start();
    expect(await child.exchange('this is not json', null)).toEqual({ jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error: the message is not valid JSON' } });
    expect((await child.exchange(request('open-meta', 'tools/list', { _meta: 42 }), 'open-meta')).error).toEqual({
      code: -32602,
      message: 'Invalid params for tools/list: _meta must be an object',
    });
    const init = await child.exchange(
      request(1, 'initialize', { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'hostile', version: '1.0.0' } }),
      1,
    );
    expect(init.result.protocolVersion).toBe('2025-11-25');
    child.write(JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }));

    for (const [index, meta] of BAD_META.entries()) {
      expect(await child.exchange(request(`meta-${index}`, 'tools/list', { _meta: meta }), `meta-${index}`)).toEqual({
        jsonrpc: '2.0',
        id: `meta-${index}`,
        error: { code: -32602, message: 'Invalid params for tools/list: _meta must be an object' },
      });
    }
    expect((await child.exchange(request('params', 'tools/list', 'x'), 'params')).error).toEqual({ code: -32600, message: 'Invalid Request: params must be an object' });
    expect((await child.exchange(request('read', 'resources/read', { uri: 42 }), 'read')).error).toEqual({
      code: -32602,
      message: 'Invalid params for resources/read: uri must be a string',
    });
    expect((await child.exchange(request('level', 'logging/setLevel', { level: 'nope' }), 'level')).error.code).toBe(-32602);
    expect(await child.exchange('{"jsonrpc":"2.0","id":"broken",', null)).toMatchObject({ error: { code: -32700 } });

    const deepArgs = `{"jsonrpc":"2.0","id":"deep-args","method":"tools/call","params":{"name":"addNote","arguments":{"text":"x","tags":${nestedJson(10_000)}}}}`;
    const deepMeta = `{"jsonrpc":"2.0","id":"deep-meta","method":"tools/list","params":{"_meta":{"x":${nestedJson(10_000)}}}}`;
    for (const [line, id] of [
      [deepArgs, 'deep-args'],
      [deepMeta, 'deep-meta'],
    ]) {
      expect((await child.exchange(line, id)).error).toEqual({ code: -32600, message: 'Invalid Request: nesting deeper than 64' });
    }
    // message (1) > params (2) > _meta (3) > x: 61 levels reach the limit of 64 exactly.
    const atLimit = await child.exchange(`{"jsonrpc":"2.0","id":"at-limit","method":"tools/list","params":{"_meta":{"x":${nestedJson(61)}}}}`, 'at-limit');
    expect(atLimit.result.tools.length).toBeGreaterThan(0);
    const overLimit = await child.exchange(`{"jsonrpc":"2.0","id":"over","method":"tools/list","params":{"_meta":{"x":${nestedJson(62)}}}}`, 'over');
    expect(overLimit.error.code).toBe(-32600);

    const added = await child.exchange(request('healthy', 'tools/call', { name: 'addNote', arguments: { text: 'still here' } }), 'healthy');
    expect(added.result.structuredContent).toMatchObject({ text: 'still here' });
    expect(child.stderr).not.toMatch(/ERROR|stdio error/);
  });

  it('answers hostile 2026-07-28 requests on a modern connection and keeps serving it', async () => {
    const child = start();
    const modern = (id: string, method: string, params: Record<string, unknown>) => request(id, method, { ...params, _meta: MODERN_META });
    const counted = await child.exchange(modern('first', 'tools/call', { name: 'countNotes', arguments: {} }), 'first');
    expect(counted.result).toMatchObject({ resultType: 'complete', content: [{ type: 'text', text: '0 note(s)' }] });

    expect((await child.exchange(request('meta', 'tools/list', { _meta: [] }), 'meta')).error).toEqual({
      code: -32602,
      message: 'Invalid params for tools/list: _meta must be an object',
    });
    expect((await child.exchange(modern('read', 'resources/read', { uri: 42 }), 'read')).error).toEqual({
      code: -32602,
      message: 'Invalid params for resources/read: uri must be a string',
    });
    expect((await child.exchange(modern('call', 'tools/call', { name: 'addNote', arguments: 'x' }), 'call')).error).toEqual({
      code: -32602,
      message: 'Invalid params for tools/call: arguments must be an object',
    });
    const deep = `{"jsonrpc":"2.0","id":"deep","method":"tools/call","params":{"name":"addNote","arguments":{"text":${nestedJson(10_000)}},"_meta":${JSON.stringify(MODERN_META)}}}`;
    expect((await child.exchange(deep, 'deep')).error).toEqual({ code: -32600, message: 'Invalid Request: nesting deeper than 64' });
    expect(await child.exchange('\u0000garbage', null)).toMatchObject({ id: null, error: { code: -32700 } });

    const again = await child.exchange(modern('again', 'tools/call', { name: 'countNotes', arguments: {} }), 'again');
    expect(again.result.content).toEqual([{ type: 'text', text: '0 note(s)' }]);
    expect(child.stderr).not.toMatch(/ERROR|stdio error/);
  });
});
