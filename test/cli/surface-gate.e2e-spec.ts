import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AppModule } from '../../src/app.module.js';
import { startApp, type RunningApp } from '../helpers/app.js';
import { REPO_ROOT, runCli } from '../helpers/run-cli.js';

// `nestjs-mcp snapshot` and `check`, the schema-drift gate, as CI runs them: real child processes on a fixture whose
// surface changes with DRIFT (test/cli/fixtures/drift.module.ts), and on the demo's committed mcp-surface.json.
const DRIFT_MODULE = join(REPO_ROOT, 'dist-cli/drift.module.js');
const gate = (args: string[], cwd: string, drift = 'base', env: Record<string, string> = {}) => runCli(args, { cwd, env: { DRIFT: drift, ...env } });

describe('nestjs-mcp snapshot / check on a changing server', () => {
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nestjs-mcp-gate-'));
    const written = await gate(['snapshot', DRIFT_MODULE], dir);
    expect(written).toEqual({ code: 0, stdout: 'Wrote mcp-surface.json: 2 tools, 1 resource, 0 resource templates, 1 prompt\n', stderr: '' });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes every list in one stable spelling: fixed top-level order, sorted keys and required lists', async () => {
    const text = readFileSync(join(dir, 'mcp-surface.json'), 'utf8');
    const surface = JSON.parse(text);
    expect(Object.keys(surface)).toEqual(['format', 'server', 'tools', 'resources', 'resourceTemplates', 'prompts']);
    expect(surface.server).toEqual({ name: 'tickets' });
    expect(surface.tools.map((tool: { name: string }) => tool.name)).toEqual(['closeTicket', 'createTicket']);
    const create = surface.tools[1];
    expect(Object.keys(create)).toEqual([...Object.keys(create)].sort());
    expect(create.inputSchema.properties.priority).toMatchObject({ enum: ['low', 'high'] });
    expect(text.endsWith('}\n')).toBe(true);
    const again = await gate(['snapshot', DRIFT_MODULE], dir);
    expect(again.stdout).toBe('Unchanged: mcp-surface.json: 2 tools, 1 resource, 0 resource templates, 1 prompt\n');
    expect(readFileSync(join(dir, 'mcp-surface.json'), 'utf8')).toBe(text);
  });

  it('passes when nothing changed, when only declaration order changed, and when only the server version changed', async () => {
    for (const [drift, env] of [['base', {}], ['reordered', {}], ['base', { DRIFT_VERSION: '2.0.0' }]] as const) {
      expect(await gate(['check', DRIFT_MODULE], dir, drift, env)).toEqual({
        code: 0,
        stdout: 'mcp-surface.json matches the server: 2 tools, 1 resource, 0 resource templates, 1 prompt\n',
        stderr: '',
      });
    }
  });

  it('fails on a compatible change by default, naming each change, and passes it with --fail-on breaking', async () => {
    const strict = await gate(['check', DRIFT_MODULE], dir, 'additive');
    expect(strict.code).toBe(1);
    expect(strict.stdout).toBe(
      [
        "The server's MCP surface differs from mcp-surface.json:",
        '',
        'tool "createTicket"',
        '  + compatible  input property "assignee" was added as optional',
        'tool "listTickets"',
        '  + compatible  new tool',
        '',
        '2 changes: 0 breaking, 2 compatible, 0 cosmetic',
        'If these changes are intended, run `nestjs-mcp snapshot` and commit mcp-surface.json.',
        '',
      ].join('\n'),
    );
    const lenient = await gate(['check', DRIFT_MODULE, '--fail-on', 'breaking'], dir, 'additive');
    expect(lenient.code).toBe(0);
    expect(lenient.stdout).toContain('No breaking change (--fail-on breaking): passing.');
  });

  it('fails on breaking changes even with --fail-on breaking, and reports them as JSON for tooling', async () => {
    const breaking = await gate(['check', DRIFT_MODULE, '--fail-on', 'breaking'], dir, 'breaking');
    expect(breaking.code).toBe(1);
    expect(breaking.stdout).toContain('tool "closeTicket"\n  ✗ breaking    tool was removed\n');
    const asJson = await gate(['check', DRIFT_MODULE, '--json'], dir, 'breaking');
    expect(asJson.code).toBe(1);
    expect(JSON.parse(asJson.stdout)).toEqual({
      file: 'mcp-surface.json',
      matches: false,
      failed: true,
      failOn: 'any',
      changes: [
        { level: 'breaking', component: 'tool "closeTicket"', path: '', message: 'tool was removed' },
        { level: 'breaking', component: 'tool "createTicket"', path: 'inputSchema.properties.priority', message: 'input property "priority" is now required' },
        { level: 'breaking', component: 'tool "createTicket"', path: expect.stringContaining('priority.enum'), message: 'input property "priority": enum value "low" was removed' },
      ],
    });
  });

  it('refuses a missing, broken or foreign snapshot file with exit 2 and what to do', async () => {
    const cases: [string, string | undefined, string][] = [
      ['absent.json', undefined, 'nestjs-mcp: absent.json does not exist: write it with `nestjs-mcp snapshot` and commit it\n'],
      ['broken.json', '{"format": 1,', 'nestjs-mcp: broken.json is not valid JSON'],
      ['array.json', '[]', 'nestjs-mcp: array.json is not a surface file (expected a JSON object)\n'],
      ['future.json', '{"format": 2}', 'nestjs-mcp: future.json has format 2, this nestjs-mcp reads format 1: rewrite it with `nestjs-mcp snapshot`\n'],
      ['lists.json', '{"format": 1, "tools": {}}', 'nestjs-mcp: lists.json: "tools" is not a list: rewrite it with `nestjs-mcp snapshot`\n'],
    ];
    for (const [file, content, message] of cases) {
      if (content !== undefined) writeFileSync(join(dir, file), content);
      const run = await gate(['check', DRIFT_MODULE, '--file', file], dir);
      expect({ file, code: run.code, stdout: run.stdout }).toEqual({ file, code: 2, stdout: '' });
      expect(run.stderr.slice(0, message.length)).toBe(message);
    }
  });
});

describe("the demo's committed mcp-surface.json", () => {
  let server: RunningApp;
  beforeAll(async () => {
    server = await startApp(AppModule);
  });
  afterAll(() => server.close());

  it('matches the demo however it is reached: built module, HTTP in both eras, stdio', async () => {
    const targets = [[], [server.url.href], [server.url.href, '--protocol', '2026-07-28'], ['--command', 'node dist/stdio.js']];
    const runs = await Promise.all(targets.map((target) => runCli(['check', ...target])));
    for (const run of runs) expect(run).toEqual({ code: 0, stdout: 'mcp-surface.json matches the server: 5 tools, 2 resources, 1 resource template, 2 prompts\n', stderr: '' });
  });
});
