// npm run conformance: starts the fixture app on a free loopback port and runs both versions of the official
// MCP conformance suite against it (`--suite all`), writing results under conformance-results/.
// The suite needs Node 22; it is fetched with `npx -p node@22` so the project keeps the machine's Node.
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../helpers/free-port.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const resultsDir = join(root, 'conformance-results');
const SUITES = [
  { version: '0.1.16' },
  { version: '0.2.0-alpha.12', expectedFailures: join(root, 'test/conformance/expected-failures-0.2.0.yml') },
];

async function waitUntilUp(url, child) {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`fixture app exited with ${child.exitCode}`);
    try {
      await fetch(url, { method: 'GET' });
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  throw new Error('fixture app did not start within 30 s');
}

function runSuite({ version, expectedFailures }, url) {
  const outDir = join(resultsDir, version);
  mkdirSync(outDir, { recursive: true });
  const args = ['--yes', '-p', 'node@22', '-p', `@modelcontextprotocol/conformance@${version}`, '--', 'conformance', 'server'];
  args.push('--url', url, '--suite', 'all', '-o', outDir);
  if (expectedFailures) args.push('--expected-failures', expectedFailures);
  return new Promise((resolve) => {
    const child = spawn('npx', args, { cwd: resultsDir, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('close', (code) => {
      writeFileSync(join(outDir, 'output.txt'), output);
      const summary = output.slice(output.indexOf('=== SUMMARY ==='));
      const lines = summary.split('\n').filter((line) => /^(✓|✗|Total|=== SUMMARY)/.test(line) || /expected|stale/i.test(line));
      const scenarios = lines.filter((line) => /^(✓|✗)/.test(line));
      const passed = scenarios.filter((line) => line.startsWith('✓')).length;
      console.log(`\n# conformance ${version}: ${passed}/${scenarios.length} scenarios passed, exit ${code}`);
      console.log(lines.join('\n'));
      resolve(code ?? 1);
    });
  });
}

rmSync(resultsDir, { recursive: true, force: true });
mkdirSync(resultsDir, { recursive: true });
const port = await freePort();
const url = `http://127.0.0.1:${port}/mcp`;
const app = spawn(process.execPath, [join(root, 'dist-conformance/main.js')], {
  env: { ...process.env, PORT: String(port) },
  stdio: ['ignore', 'inherit', 'inherit'],
});
let failed = false;
try {
  await waitUntilUp(url, app);
  for (const suite of SUITES) {
    if ((await runSuite(suite, url)) !== 0) failed = true;
  }
} finally {
  app.kill('SIGTERM');
}
console.log(failed ? '\nconformance: FAILED' : '\nconformance: passed');
process.exit(failed ? 1 : 0);
