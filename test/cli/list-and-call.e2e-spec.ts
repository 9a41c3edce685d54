import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AppModule } from '../../src/app.module.js';
import { startApp, type RunningApp } from '../helpers/app.js';
import { freePort } from '../helpers/ports.js';
import { DEMO_MODULE, REPO_ROOT, runCli } from '../helpers/run-cli.js';

// The built `nestjs-mcp` command, a real child process, against the demo: loaded from dist/app.module.js (in memory),
// served over HTTP by this test (both protocol eras), and started over stdio (node dist/stdio.js).
const STDIO = ['--command', 'node dist/stdio.js'];

describe('nestjs-mcp list / inspect / call against the demo', () => {
  let server: RunningApp;
  beforeAll(async () => {
    server = await startApp(AppModule);
  });
  afterAll(async () => {
    await server.close();
  });

  it('lists the demo in memory from dist/app.module.js by default, one signature a line', async () => {
    const { code, stdout, stderr } = await runCli(['list']);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toContain('Tools (5)\n  addNote(text: string, tags?: string[]) → { id, text, tags, createdAt }\n      Add a note\n');
    expect(stdout).toContain('Resource templates (1)\n  notes://{id}  (application/json)\n      One note\n');
    expect(stdout).toContain('Prompts (2)\n  review(topic, depth?)\n');
  });

  it('sees the same surface in memory, over HTTP in both eras and over stdio in both eras', async () => {
    const url = server.url.href;
    const runs = await Promise.all([
      runCli(['list', DEMO_MODULE, '--json']),
      runCli(['list', url, '--json']),
      runCli(['list', url, '--json', '--protocol', '2026-07-28']),
      runCli(['list', ...STDIO, '--json']),
      runCli(['list', ...STDIO, '--json', '--protocol', '2026-07-28']),
    ]);
    for (const run of runs) expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
    const [inMemory, ...others] = runs.map((run) => JSON.parse(run.stdout));
    expect(inMemory.tools.map((tool: { name: string }) => tool.name)).toEqual(['addNote', 'countNotes', 'reindex', 'searchNotes', 'summarizeNotes']);
    for (const other of others) expect(other).toEqual(inMemory);
  });

  it("lists another of the app's servers with --server (the demo's admin server)", async () => {
    const { code, stdout, stderr } = await runCli(['list', '--server', 'admin', '--json']);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(JSON.parse(stdout).tools.map((tool: { name: string }) => tool.name)).toEqual(['clearNotes', 'noteStats']);
  });

  it('inspects the server: identity, negotiated protocol, capabilities, instructions and schemas', async () => {
    const human = await runCli(['inspect', server.url.href, '--protocol', '2026-07-28']);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/^Notes 1\.0\.0 {2}\(http:\/\/127\.0\.0\.1:\d+\/mcp\)\n {2}protocol {6}2026-07-28\n {2}capabilities {2}.*tools/);
    expect(human.stdout).toContain('instructions  A small knowledge base');
    expect(human.stdout).toContain('input schema:');
    const { stdout } = await runCli(['inspect', '--json']);
    const inspected = JSON.parse(stdout);
    expect(inspected.server).toMatchObject({ name: 'notes', version: '1.0.0', title: 'Notes', protocolVersion: '2025-11-25' });
    expect(Object.keys(inspected.server.capabilities)).toEqual(expect.arrayContaining(['tools', 'resources', 'prompts', 'logging']));
    expect(inspected.tools.find((tool: { name: string }) => tool.name === 'searchNotes').annotations).toEqual({ readOnlyHint: true });
  });

  it('calls a tool with key=value arguments read by their schema types, and prints the result as JSON', async () => {
    const { code, stdout, stderr } = await runCli(['call', 'addNote', 'text=42', 'tags=["home","7"]']);
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result.structuredContent).toMatchObject({ text: '42', tags: ['home', '7'] });
    expect(stderr).toMatch(/^\[info\] .*Added note/);
  });

  it('calls over HTTP and stdio the same way, --args JSON merged under key=value', async () => {
    for (const target of [[server.url.href], STDIO]) {
      const { code, stdout } = await runCli(['call', ...target, 'searchNotes', '--args', '{"query":"x","tag":"t"}', 'query=nothing-matches']);
      expect(code).toBe(0);
      expect(JSON.parse(stdout).structuredContent).toEqual({ notes: [] });
    }
  });

  it('shows progress on stderr and keeps stdout the result alone', async () => {
    const { code, stdout, stderr } = await runCli(['call', ...STDIO, 'reindex', 'steps=2']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).content[0].text).toMatch(/in 2 steps$/);
    expect(stderr).toContain('progress 1/2 Indexed part 1 of 2\nprogress 2/2 Indexed part 2 of 2\n');
  });

  it('reads a resource and gets a prompt', async () => {
    const read = await runCli(['call', server.url.href, '--resource', 'notes://tags']);
    expect(JSON.parse(read.stdout).contents[0]).toMatchObject({ uri: 'notes://tags', mimeType: 'text/plain' });
    const prompt = await runCli(['call', '--prompt', 'review', 'topic=shopping']);
    expect(JSON.parse(prompt.stdout).messages[0].content.text).toMatch(/^Review all notes about shopping/);
  });

  it('exits 1 with the isError result for invalid arguments, and with the JSON-RPC error for an unknown resource', async () => {
    const invalid = await runCli(['call', 'addNote', 'text=']);
    expect(invalid.code).toBe(1);
    expect(JSON.parse(invalid.stdout)).toMatchObject({ isError: true, content: [{ type: 'text', text: expect.stringContaining('text must be longer') }] });
    const missing = await runCli(['call', '--resource', 'notes://no-such-note']);
    expect(missing.code).toBe(1);
    expect(JSON.parse(missing.stdout)).toEqual({ error: { code: expect.any(Number), message: expect.stringContaining('no-such-note'), data: { uri: 'notes://no-such-note' } } });
  });

  it('refuses an unknown tool with suggestions, and badly typed key=value arguments before sending anything', async () => {
    const unknown = await runCli(['call', 'addNot', 'text=x']);
    expect(unknown).toEqual({ code: 2, stdout: '', stderr: 'nestjs-mcp: the server has no tool "addNot" (did you mean "addNote"?); run `nestjs-mcp list` to see them\n' });
    const notANumber = await runCli(['call', 'reindex', 'steps=many']);
    expect(notANumber).toEqual({ code: 2, stdout: '', stderr: 'nestjs-mcp: steps=many: expected a number\n' });
    const notAPair = await runCli(['call', 'addNote', 'text']);
    expect(notAPair.stderr).toBe(`nestjs-mcp: "text": arguments are key=value (or pass --args '<json object>')\n`);
    const badJson = await runCli(['call', 'addNote', '--args', '[1]']);
    expect(badJson.stderr).toMatch(/^nestjs-mcp: --args must be a JSON object/);
    expect(badJson.code).toBe(2);
  });

  it('takes a key named __proto__ as plain data, not as a prototype', async () => {
    const { code, stdout } = await runCli(['call', 'addNote', 'text=x', '__proto__={"polluted":true}']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).structuredContent).toMatchObject({ text: 'x', tags: [] });
  });
});

describe('nestjs-mcp targets it cannot use', () => {
  const fixtures = `${REPO_ROOT}/dist-cli/not-mcp.module.js`;
  it.each([
    [['list', 'missing/app.module.js'], 'nestjs-mcp: missing/app.module.js: no such file (build the app first, e.g. npm run build)\n'],
    [['list', 'src/app.module.ts'], 'nestjs-mcp: src/app.module.ts: pass the compiled JavaScript (e.g. dist/app.module.js after npm run build), not TypeScript\n'],
    [['list', `${fixtures}#PlainModule`], 'nestjs-mcp: dist-cli/not-mcp.module.js#PlainModule: PlainModule does not import McpModule\n'],
    [['list', `${fixtures}#FailingModule`], 'nestjs-mcp: dist-cli/not-mcp.module.js#FailingModule: the app did not start: the database is unreachable\n'],
    [['list', `${fixtures}#notAClass`], 'nestjs-mcp: dist-cli/not-mcp.module.js exports no class notAClass (it exports: FailingModule, PlainModule, notAClass)\n'],
    [['list', `${fixtures}#1bad`], `nestjs-mcp: ${fixtures}#1bad: "1bad" is not an export name\n`],
    [['list', 'ftp://example.com/mcp'], 'nestjs-mcp: ftp://example.com/mcp: only http:// and https:// URLs are servers; use --command for stdio\n'],
    [['list', 'dist/app.module.js', '--command', 'node dist/stdio.js'], 'nestjs-mcp: give either a target (dist/app.module.js) or --command, not both\n'],
    [['list', '--command', 'no-such-command-xyz --flag'], 'nestjs-mcp: no-such-command-xyz --flag: command not found\n'],
    [['list', '--command', 'node "dist/stdio.js'], `nestjs-mcp: the command line has an unclosed " quote: node "dist/stdio.js\n`],
    [['list', '--protocol', 'latest'], 'nestjs-mcp: --protocol latest: expected a version such as 2025-11-25 or 2026-07-28, or "auto"\n'],
    [['list', '--protocol', '2026-07-28'], expect.stringContaining('an app module is connected in memory with the 2025-11-25 handshake')],
    [['list', '--server', 'nope'], 'nestjs-mcp: dist/app.module.js (server nope): No MCP server "nope" in this module: name it with McpModule.forRoot({ server: \'...\' }) and pass the same name\n'],
    [['list', '--server', 'bad key!'], "error: option '--server <key>' argument 'bad key!' is invalid. expected a server key: 1 to 64 letters, digits, _ or -\n"],
    [['list', 'http://127.0.0.1:1/mcp', '--server', 'admin'], 'nestjs-mcp: --server is for an app module; a URL or a stdio command already names its server\n'],
  ])('%j exits 2 and says why', async (args, message) => {
    const run = await runCli(args as string[]);
    expect(run).toEqual({ code: 2, stdout: '', stderr: message });
  });

  it('explains a server that is not there, and one that wants a token', async () => {
    const closed = `http://127.0.0.1:${await freePort()}/mcp`;
    const refused = await runCli(['list', closed]);
    expect(refused).toEqual({ code: 2, stdout: '', stderr: `nestjs-mcp: ${closed}: nothing is listening there (connection refused): is the server running?\n` });
    const guarded = createServer((request, response) => {
      response.writeHead(401, { 'www-authenticate': 'Bearer realm="mcp"', 'content-type': 'application/json' });
      response.end('{"error":"invalid_token"}');
    });
    await new Promise<void>((resolve) => guarded.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(guarded.address() as AddressInfo).port}/mcp`;
      const unauthorized = await runCli(['list', url, '-H', 'Authorization: Bearer expired']);
      expect(unauthorized).toEqual({
        code: 2,
        stdout: '',
        stderr: `nestjs-mcp: ${url}: the server requires authorization (401): pass a token with --header "Authorization: Bearer <token>"\n`,
      });
    } finally {
      await new Promise((resolve) => guarded.close(resolve));
    }
  });

  it('refuses bad option values: headers that are not headers, forged lines, a timeout that is not one', async () => {
    const header = await runCli(['list', 'http://127.0.0.1:1/mcp', '-H', 'no colon here']);
    expect(header).toEqual({ code: 2, stdout: '', stderr: 'nestjs-mcp: --header "no colon here": expected "Name: value" with a name of letters, digits, - and _\n' });
    const injected = await runCli(['list', 'http://127.0.0.1:1/mcp', '-H', 'X-Test: a\r\nInjected: yes']);
    expect(injected.stderr).toBe('nestjs-mcp: --header X-Test: the value may not contain line breaks or control characters\n');
    const misplaced = await runCli(['list', '-H', 'Authorization: Bearer x']);
    expect(misplaced.stderr).toBe('nestjs-mcp: --header is for a server reached by URL\n');
    const timeout = await runCli(['list', '--timeout', '-5']);
    expect(timeout.code).toBe(2);
    expect(timeout.stderr).toContain('expected whole milliseconds');
  });

  it('prints help and the version with exit 0', async () => {
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    for (const command of ['list', 'inspect', 'call', 'snapshot', 'check', 'install']) expect(help.stdout).toContain(`  ${command}`);
    const version = await runCli(['--version']);
    expect(version).toEqual({ code: 0, stdout: expect.stringMatching(/^\d+\.\d+\.\d+\n$/), stderr: '' });
  });
});
