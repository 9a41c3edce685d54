// CPU profile of nestjs-mcp serving tools/call of the echo tool under load: the server (bench/servers/nestjs-mcp.js of
// a checkout) runs with --cpu-prof while autocannon sends JSON-RPC calls (c=32) on one path; prints req/s and the
// functions with the most self time, and the same by package.
//   node bench/profile.js [session|modern|stateless] [seconds]      (DIR=<a built checkout> profiles that one)
import { readdirSync, readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { callBody, modernBody, modernHeaders, openSessionHeaders } from './lib/echo-calls.js';
import { idPerConnection } from './lib/load.js';
import { startServer } from './lib/servers.js';

const [mode = 'session', seconds = '10'] = process.argv.slice(2);
if (!['session', 'modern', 'stateless'].includes(mode)) throw new Error(`mode must be session, modern or stateless, not ${mode}`);
const dir = process.env.DIR ?? fileURLToPath(new URL('..', import.meta.url));
const TOP = Number(process.env.TOP ?? 10);
const profiles = mkdtempSync(join(tmpdir(), 'nestjs-mcp-profile-'));

const { child, url } = await startServer(dir, 'nestjs-mcp.js', {
  env: { MODE: mode === 'stateless' ? 'stateless' : '' },
  execArgv: ['--cpu-prof', `--cpu-prof-dir=${profiles}`],
});
const endpoint = url('/mcp');
const [headers, body] = mode === 'modern' ? [modernHeaders, modernBody] : [await openSessionHeaders(endpoint), callBody()];
await autocannon({ url: endpoint, method: 'POST', headers, body, setupClient: idPerConnection(body), connections: 32, duration: 2 });
const load = await autocannon({ url: endpoint, method: 'POST', headers, body, setupClient: idPerConnection(body), connections: 32, duration: Number(seconds) });
const exited = new Promise((resolve) => child.once('exit', resolve));
child.send('exit');
await exited;

const profile = JSON.parse(readFileSync(join(profiles, readdirSync(profiles).find((file) => file.endsWith('.cpuprofile'))), 'utf8'));
const selfMs = new Map();
profile.samples.forEach((node, index) => selfMs.set(node, (selfMs.get(node) ?? 0) + (profile.timeDeltas[index] ?? 0)));
const total = [...selfMs.values()].reduce((sum, value) => sum + value, 0);
const byFunction = new Map();
const byPackage = new Map();
for (const { id, callFrame } of profile.nodes) {
  const time = selfMs.get(id) ?? 0;
  const file = callFrame.url.replace(/^file:\/\//, '');
  const where = file.includes('node_modules/') ? file.replace(/.*node_modules\//, '') : file.replace(dir, '');
  const fn = `${callFrame.functionName || '(anonymous)'} | ${where ? `${where}:${callFrame.lineNumber + 1}` : '(native)'}`;
  byFunction.set(fn, (byFunction.get(fn) ?? 0) + time);
  const pkg = file.includes('node_modules/')
    ? file.replace(/.*node_modules\/((@[^/]+\/)?[^/]+).*/, '$1')
    : file.startsWith('node:')
      ? 'Node internals'
      : file.includes('/libs/mcp/')
        ? 'nestjs-mcp'
        : file || callFrame.functionName;
  byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + time);
}
const share = (time) => `${((100 * time) / total).toFixed(1)}%`;
const rows = (map, count) => [...map].sort((a, b) => b[1] - a[1]).slice(0, count);

console.log(`${mode}: ${Math.round(load.requests.average)} req/s, p99 ${load.latency.p99} ms, errors ${load.errors + load.non2xx}\n`);
console.log('| self | function | where |\n|---:|---|---|');
for (const [key, time] of rows(byFunction, TOP)) {
  const [fn, where] = key.split(' | ');
  console.log(`| ${share(time)} | \`${fn}\` | ${where} |`);
}
console.log('\n| self | package |\n|---:|---|');
for (const [pkg, time] of rows(byPackage, TOP)) console.log(`| ${share(time)} | ${pkg} |`);
