import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import { Client as ClientV2 } from '@modelcontextprotocol/client';
import { StdioClientTransport as StdioTransportV2 } from '@modelcontextprotocol/client/stdio';
import { Client as ClientV1 } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport as StdioTransportV1 } from '@modelcontextprotocol/sdk/client/stdio.js';

/**
 * The built demo (`npm run build`), spawned as a real child process the way a desktop host does: as compiled, and as
 * `nestjs-mcp bundle` made it one file (same decorator metadata, DTO validation, class names, clean exit).
 */
describe.each([
  ['as built', resolve(process.cwd(), 'dist/stdio.js')],
  ['bundled', resolve(process.cwd(), 'dist/stdio.bundle.mjs')],
])('stdio: the demo as a child process, %s', (_, entry) => {
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    await Promise.all(closers.splice(0).map((close) => close()));
  });

  it('has been built', () => {
    expect(existsSync(entry)).toBe(true);
  });

  it('serves a v1 client (2025-11-25) with logs on stderr only', async () => {
    const transport = new StdioTransportV1({ command: process.execPath, args: [entry], stderr: 'pipe' });
    let stderr = '';
    transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const client = new ClientV1({ name: 'stdio-v1', version: '1.0.0' });
    await client.connect(transport);
    closers.push(() => client.close());
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toContain('addNote');
    const added = await client.callTool({ name: 'addNote', arguments: { text: 'over stdio', tags: ['pipe'] } });
    expect(added.structuredContent).toMatchObject({ text: 'over stdio' });
    const invalid = await client.callTool({ name: 'addNote', arguments: { text: '', tags: [1] } });
    expect(invalid).toMatchObject({ isError: true, content: [{ type: 'text', text: expect.stringMatching(/text must be longer.*each value in tags must be a string/s) }] });
    const index = await client.readResource({ uri: 'notes://index' });
    expect(JSON.parse((index.contents[0] as { text: string }).text)).toHaveLength(1);
    expect(stderr).toMatch(/Registered \d+ MCP component/);
  });

  it('serves a v2 client on the 2026-07-28 era', async () => {
    const transport = new StdioTransportV2({ command: process.execPath, args: [entry], stderr: 'ignore' });
    const client = new ClientV2({ name: 'stdio-v2', version: '1.0.0' }, { versionNegotiation: { mode: { pin: '2026-07-28' } } });
    await client.connect(transport);
    closers.push(() => client.close());
    const result = await client.callTool({ name: 'countNotes', arguments: {} });
    expect(result.content).toEqual([{ type: 'text', text: '0 note(s)' }]);
  });

  it('exits cleanly when stdin closes', async () => {
    const { spawn } = await import('node:child_process');
    const child = spawn(process.execPath, [entry], { stdio: ['pipe', 'pipe', 'ignore'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    await new Promise((resolve) => setTimeout(resolve, 500));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.stdin.end();
    expect(await exited).toBe(0);
    expect(stdout).toBe('');
  });
});
