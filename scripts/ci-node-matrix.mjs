// CI's Node matrix, run by .ci/run after `npm test` has type-checked, built and run the whole suite on the machine's
// Node: the jest suite again on every other supported Node major below, each fetched from the npm registry as the
// `node` package by npx (the machine's Node stays as it is). The legs run in parallel (every server, redis-server and
// child process in the tests takes a free port of its own, test/helpers/ports.ts); each output line is labelled with
// its leg; a summary gives each leg's time and result; the exit code is 1 if any leg failed.
//   node scripts/ci-node-matrix.mjs                           the whole suite on each leg
//   node scripts/ci-node-matrix.mjs test/e2e/stdio.e2e-spec   only what these jest arguments select
import { spawn, spawnSync } from 'node:child_process';
import { createInterface } from 'node:readline';

/** Supported Node majors: 22 and 24, and 20.19+ while Nest 12 supports it (the engines fields say the same). */
const NODE_MAJORS = ['20', '22', '24'];

const jestArgs = process.argv.slice(2);
const machineMajor = process.versions.node.split('.')[0];
const legs = NODE_MAJORS.filter((major) => major !== machineMajor);

function npxNode(major, args) {
  return ['--yes', '-p', `node@${major}`, '--', 'node', ...args];
}

/** Fetches each leg's Node once, one after the other (npx's cache is shared), and reads its exact version. */
function resolveVersion(major) {
  const result = spawnSync('npx', npxNode(major, ['--version']), { encoding: 'utf8' });
  const version = result.stdout.trim();
  if (result.status !== 0 || !version.startsWith(`v${major}.`)) {
    throw new Error(`could not fetch node@${major} with npx: ${result.stderr.trim() || version}`);
  }
  return version;
}

function runLeg({ major, version }) {
  const label = `[node ${version}]`;
  const started = Date.now();
  const child = spawn(
    'npx',
    npxNode(major, ['--experimental-vm-modules', '--disable-warning=ExperimentalWarning', 'node_modules/jest/bin/jest.js', ...jestArgs]),
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const summary = [];
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => {
      if (/^(Tests|Test Suites):/.test(line)) summary.push(line.replace(/\s+/g, ' '));
      console.log(`${label} ${line}`);
    });
  }
  return new Promise((resolve) => {
    child.on('close', (code, signal) => {
      const seconds = Math.round((Date.now() - started) / 1000);
      resolve({ version, ok: code === 0, seconds, result: `${summary.join('; ') || 'no jest summary'}${code === 0 ? '' : ` (exit ${signal ?? code})`}` });
    });
  });
}

const started = Date.now();
console.log(`# Node matrix: jest on ${legs.map((major) => `node@${major}`).join(', ')}, in parallel (node ${process.version}, the machine's, ran npm test)`);
const resolved = legs.map((major) => ({ major, version: resolveVersion(major) }));
const results = await Promise.all(resolved.map(runLeg));
console.log(`\n# Node matrix summary (${Math.round((Date.now() - started) / 1000)} s in all)`);
for (const { version, ok, seconds, result } of results) console.log(`${ok ? 'PASS' : 'FAIL'} node ${version}: ${seconds} s, ${result}`);
process.exitCode = results.every((leg) => leg.ok) ? 0 : 1;
