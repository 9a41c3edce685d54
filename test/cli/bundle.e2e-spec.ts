import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { REPO_ROOT, runCli } from '../helpers/run-cli.js';

// `nestjs-mcp bundle` on the built stdio fixture (dist-stdio/main.js). Bundles go into a folder inside the repository so
// that the packages left as imports resolve from its node_modules, as they would beside an app's dist/.
describe('nestjs-mcp bundle', () => {
  const folder = mkdtempSync(join(REPO_ROOT, 'dist-stdio', 'bundle-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  async function serves(bundle: string): Promise<void> {
    const client = new Client({ name: 'bundle-test', version: '1.0.0' });
    await client.connect(new StdioClientTransport({ command: process.execPath, args: [bundle], stderr: 'ignore' }));
    try {
      const progress: number[] = [];
      const result = await client.callTool({ name: 'countUp', arguments: { steps: 3 } }, { onprogress: ({ progress: done }) => void progress.push(done) });
      expect(result.content).toEqual([{ type: 'text', text: 'counted to 3' }]);
      expect(progress).toEqual([1, 2, 3]);
    } finally {
      await client.close();
    }
  }

  it('writes one ES module that serves like the built entry, with a source map on request', async () => {
    const out = join(folder, 'server.mjs');
    const run = await runCli(['bundle', 'dist-stdio/main.js', '-o', out, '--sourcemap'], { timeoutMs: 60_000 });
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toMatch(/^Wrote dist-stdio\/bundle-\w+\/server\.mjs: \d+\.\d MiB from \d{3,} files; left as imports: @nestjs\/microservices, .*\n$/);
    expect(readFileSync(out, 'utf8')).toMatch(/\/\/# sourceMappingURL=server\.mjs\.map\n$/);
    expect(existsSync(`${out}.map`)).toBe(true);
    await serves(out);
  });

  it('names the bundle after the entry by default and leaves --external packages as imports', async () => {
    const entry = join(folder, 'entry.js');
    writeFileSync(entry, "import '../main.js';\n");
    const run = await runCli(['bundle', entry, '-x', '@modelcontextprotocol/server', '-x', 'class-validator'], { timeoutMs: 60_000 });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/entry\.bundle\.mjs: .*left as imports: .*@modelcontextprotocol\/server, .*class-validator/);
    const bundle = join(folder, 'entry.bundle.mjs');
    expect(readFileSync(bundle, 'utf8')).toMatch(/from\s*"@modelcontextprotocol\/server"/);
    await serves(bundle);
  });

  it('refuses TypeScript, a missing entry, code that does not parse, an output not named .mjs, and says why', async () => {
    const broken = join(folder, 'broken.js');
    writeFileSync(broken, "import { x } from './nowhere.js';\nexport const y = ;\n");
    const runs = await Promise.all([
      runCli(['bundle', 'test/stdio/main.ts']),
      runCli(['bundle', 'dist-stdio/missing.js']),
      runCli(['bundle', broken]),
      runCli(['bundle']),
      runCli(['bundle', 'dist-stdio/main.js', '-o', join(folder, 'server.js')]),
    ]);
    expect(runs.map(({ code: exit }) => exit)).toEqual([2, 2, 2, 2, 2]);
    expect(runs[0].stderr).toMatch(/test\/stdio\/main\.ts is TypeScript: bundle the compiled entry .*decorator metadata/);
    expect(runs[1].stderr).toMatch(/dist-stdio\/missing\.js does not exist: build the app first/);
    expect(runs[2].stderr).toMatch(/could not bundle .*broken\.js:\n.*broken\.js:2: Unexpected ";"/);
    expect(runs[3].stderr).toMatch(/missing required argument 'entry'/);
    expect(runs[4].stderr).toMatch(/server\.js: the bundle is an ES module, its name must end in \.mjs/);
    expect(runs.every(({ stdout }) => stdout === '')).toBe(true);
  });
});
