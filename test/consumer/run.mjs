// node test/consumer/run.mjs: the README, followed verbatim by a user, in fresh apps.
//
// Packs the library as npm would publish it, generates a Nest 12 app (ESM, vitest) and a Nest 11 app (CommonJS, jest)
// with the Nest CLI, installs the tarball with the README's Install lines, writes the README's Quick start and Testing
// snippets into them (the fenced blocks after `<!-- consumer:... -->` markers in README.md), type-checks, builds, runs
// the Testing snippet with each app's own test runner, then starts each built app and has a real MCP client call the
// Quick start's tool over HTTP (both protocol eras), over stdio, and through the package's `nestjs-mcp` command
// (list, call, snapshot, check). Last, the app's own Nest CLI generates a tool with
// the package's schematics (`nest g -c nestjs-mcp tool weather`), and the app type-checks and passes its unit tests
// (`npm test`: the generated spec). Exits non-zero on any failure.
//
// Work happens in a temp dir that is removed afterwards (CONSUMER_KEEP=1 keeps it). The two apps run in parallel.
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, normalize, isAbsolute } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { freePort } from '../helpers/free-port.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const NPM_FLAGS = ['--prefer-offline', '--no-audit', '--no-fund'];
const APPS = [
  // The Nest 12 CLI declares Node >= 22; it is fetched with node@22 (as the conformance suite is) so the project keeps the machine's Node.
  { id: 'nest12', dir: 'consumer-nest12', cli: ['--yes', '-p', 'node@22', '-p', '@nestjs/cli@12', '--', 'nest'], install: 'nest12', module: 'esm' },
  { id: 'nest11', dir: 'consumer-nest11', cli: ['--yes', '-p', '@nestjs/cli@11', '--', 'nest'], install: 'nest11', module: 'cjs' },
];
const started = Date.now();
const timings = [];

// ---------------------------------------------------------------------------------------------------------------- README

/** Every fenced block that follows a `<!-- consumer:<kind>[:<arg>] -->` marker in README.md. */
function readmeSnippets() {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const found = [];
  const marker = /<!--\s*consumer:([\w-]+)(?::(\S+?))?\s*-->[ \t]*\r?\n(?:[ \t]*\r?\n)*```[^\n]*\n([\s\S]*?)\n```/g;
  for (const match of readme.matchAll(marker)) found.push({ kind: match[1], arg: match[2], body: `${match[3]}\n` });
  const markers = readme.match(/<!--\s*consumer:/g)?.length ?? 0;
  if (markers !== found.length) throw new Error(`README.md has ${markers} consumer markers but only ${found.length} are followed by a code block`);
  const of = (kind) => found.filter((snippet) => snippet.kind === kind);
  const one = (kind, arg) => {
    const snippet = found.find((candidate) => candidate.kind === kind && candidate.arg === arg);
    if (!snippet) throw new Error(`README.md: no <!-- consumer:${kind}:${arg} --> block`);
    return snippet.body;
  };
  const files = [...of('quick-start'), ...of('testing')];
  for (const file of files) {
    if (!file.arg || isAbsolute(file.arg) || normalize(file.arg).startsWith('..')) throw new Error(`README.md: bad file name in consumer marker: ${file.arg}`);
  }
  if (!of('quick-start').length || !of('testing').length) throw new Error('README.md: quick-start and testing blocks are required');
  return {
    files,
    install: { nest12: npmLines(one('install', 'nest12')), nest11: npmLines(one('install', 'nest11')) },
    scaffold: removals(one('scaffold', undefined)),
    jestCjs: JSON.parse(one('jest', 'cjs')),
  };
}

/** `npm i ...` lines of an Install block, comments dropped. */
function npmLines(block) {
  const lines = block.split('\n').map((line) => line.replace(/#.*$/, '').trim()).filter(Boolean);
  for (const line of lines) if (!/^npm (i|install) /.test(line)) throw new Error(`README.md install block: not an npm install line: ${line}`);
  if (!lines.length) throw new Error('README.md install block is empty');
  return lines.map((line) => line.split(/\s+/).slice(1));
}

/** The paths of the `rm` line that clears the scaffold's Hello World files. */
function removals(block) {
  const line = block.split('\n').map((text) => text.trim()).find((text) => text.startsWith('rm '));
  if (!line) throw new Error('README.md scaffold block has no rm line');
  const paths = line.split(/\s+/).slice(1).filter((word) => !word.startsWith('-'));
  for (const path of paths) if (isAbsolute(path) || normalize(path).startsWith('..')) throw new Error(`README.md scaffold block: refusing to remove ${path}`);
  return paths;
}

// --------------------------------------------------------------------------------------------------------------- helpers

function seconds(ms) {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** Runs a command, its output into `log`; resolves with its stdout and the tail of both streams, rejects with that tail. */
function run(command, args, { cwd, env, log, timeoutMs = 10 * 60_000 }) {
  return new Promise((resolve, reject) => {
    const out = createWriteStream(log, { flags: 'a' });
    out.write(`\n$ (${cwd}) ${command} ${args.join(' ')}\n`);
    const child = spawn(command, args, { cwd, env: { ...process.env, CI: '1', NO_COLOR: '1', FORCE_COLOR: '0', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let tail = '';
    let stdout = '';
    const collect = (chunk) => {
      out.write(chunk);
      tail = (tail + chunk).slice(-6000);
    };
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      collect(chunk);
    });
    child.stderr.on('data', collect);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      out.end();
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      out.end();
      if (code === 0) resolve({ stdout, tail });
      else reject(new Error(`${command} ${args.join(' ')} exited with ${code ?? signal}\n${indent(tail.trimEnd().split('\n').slice(-40).join('\n'))}`));
    });
  });
}

function indent(text) {
  return text.replace(/^/gm, '    ');
}

async function step(app, label, fn) {
  const at = Date.now();
  const name = app ? `[${app.id}] ${label}` : label;
  try {
    const value = await fn();
    const ms = Date.now() - at;
    const detail = typeof value === 'string' ? value : value?.summary;
    timings.push({ name, ms, ok: true });
    console.log(`✓ ${name} (${seconds(ms)})${detail ? `: ${detail}` : ''}`);
    return value;
  } catch (error) {
    const ms = Date.now() - at;
    timings.push({ name, ms, ok: false });
    console.log(`✗ ${name} (${seconds(ms)})\n${indent(String(error?.stack ?? error))}`);
    throw error;
  }
}

function check(condition, message, actual) {
  if (!condition) throw new Error(`${message}${actual === undefined ? '' : `; got ${JSON.stringify(actual)}`}`);
}

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([promise, new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms)))]).finally(() => clearTimeout(timer));
}

// -------------------------------------------------------------------------------------------------------------- the steps

async function pack(work) {
  const log = join(work, 'pack.log');
  await run('npm', ['run', 'build:lib'], { cwd: root, log });
  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', work], { cwd: join(root, 'libs/mcp'), log });
  const [info] = JSON.parse(stdout);
  const files = info.files.map((file) => file.path);
  const schematics = ['dist/schematics/collection.json', 'dist/schematics/schema.json', 'dist/schematics/tool/tool.factory.cjs'];
  for (const entry of ['package.json', 'dist/index.js', 'dist/index.d.ts', 'dist/testing/index.js', 'dist/redis/index.js', 'dist/cli/main.js', ...schematics]) {
    check(files.includes(entry), `the tarball lacks ${entry}`);
  }
  check(!files.some((file) => /\.spec\.|(^|\/)src\//.test(file)), 'the tarball holds sources or specs', files.filter((file) => /\.spec\.|(^|\/)src\//.test(file)));
  return { tarball: join(work, info.filename), summary: `${info.filename}, ${files.length} files, ${(info.size / 1024).toFixed(0)} kB` };
}

async function consumerApp(app, work, tarball, readme) {
  const cwd = join(work, app.dir);
  const log = join(work, `${app.id}.log`);
  const npm = (args, timeoutMs) => run('npm', args, { cwd, log, timeoutMs });

  await step(app, 'nest new', async () => {
    await run('npx', [...app.cli, 'new', app.dir, '--package-manager', 'npm', '--skip-git', '--skip-install'], { cwd: work, log });
    const pkg = JSON.parse(readFileSync(join(cwd, 'package.json'), 'utf8'));
    const runner = /vitest/.test(pkg.scripts['test:e2e']) ? 'vitest' : /jest/.test(pkg.scripts['test:e2e']) ? 'jest' : pkg.scripts['test:e2e'];
    check((pkg.type === 'module') === (app.module === 'esm'), `expected a${app.module === 'esm' ? 'n ESM' : ' CommonJS'} app`, pkg.type);
    return `@nestjs/core ${pkg.dependencies['@nestjs/core']}, ${pkg.type === 'module' ? 'ESM' : 'CommonJS'}, tests with ${runner}`;
  });

  await step(app, 'README Install (npm i)', async () => {
    const lines = readme.install[app.install];
    check(lines.some((args) => args.includes('nestjs-mcp')), 'the install block never installs nestjs-mcp');
    // The published package name is swapped for the tarball npm pack just made; everything else is as printed.
    for (const args of lines) await npm([...args.map((word) => (word === 'nestjs-mcp' ? tarball : word)), ...NPM_FLAGS]);
    const pkg = JSON.parse(readFileSync(join(cwd, 'node_modules/@nestjs/core/package.json'), 'utf8'));
    const fastify = JSON.parse(readFileSync(join(cwd, 'node_modules/@nestjs/platform-fastify/package.json'), 'utf8'));
    check(existsSync(join(cwd, 'node_modules/nestjs-mcp/dist/index.js')), 'nestjs-mcp is not installed');
    check(existsSync(join(cwd, 'node_modules/@modelcontextprotocol/client/package.json')), '@modelcontextprotocol/client is not installed');
    return `@nestjs/core ${pkg.version}, @nestjs/platform-fastify ${fastify.version}`;
  });

  await step(app, 'README Quick start + Testing written', async () => {
    for (const path of readme.scaffold) rmSync(join(cwd, path), { force: true });
    for (const file of readme.files) {
      mkdirSync(dirname(join(cwd, file.arg)), { recursive: true });
      writeFileSync(join(cwd, file.arg), file.body);
    }
    if (app.module === 'cjs') {
      // The README's one jest step for CommonJS apps, merged into both of the scaffold's jest configs.
      const e2e = join(cwd, 'test/jest-e2e.json');
      writeFileSync(e2e, JSON.stringify({ ...JSON.parse(readFileSync(e2e, 'utf8')), ...readme.jestCjs }, null, 2));
      const pkgPath = join(cwd, 'package.json');
      const pkg = JSON.parse(readFileSync(pkgPath, 'utf8'));
      pkg.jest = { ...pkg.jest, ...readme.jestCjs };
      writeFileSync(pkgPath, JSON.stringify(pkg, null, 2));
    }
    return `${readme.files.map((file) => file.arg).join(', ')}${app.module === 'cjs' ? ' + the jest step' : ''}`;
  });

  await step(app, 'tsc --noEmit (src and test)', () => run(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json', '--noEmit'], { cwd, log }).then(() => ''));
  await step(app, 'npm run build', () => npm(['run', 'build']).then(() => ''));
  await step(app, 'npm run test:e2e (the Testing snippet)', async () => testSummary((await npm(['run', 'test:e2e'])).tail));
  await step(app, 'node dist/main.js + a real MCP client over HTTP', () => httpCheck(app, cwd, log));
  await step(app, 'node dist/stdio.js + a real MCP client over stdio', () => stdioCheck(cwd));
  await step(app, 'npx nestjs-mcp list, call, snapshot, check (the built app module)', () => commandLineCheck(cwd, log));

  await step(app, 'nest g -c nestjs-mcp tool weather', () => generateTool(app, cwd, log));
  await step(app, 'tsc --noEmit (with the generated tool)', () => run(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json', '--noEmit'], { cwd, log }).then(() => ''));
  await step(app, 'npm test (the generated spec)', async () => {
    const { tail } = await npm(['test']);
    check(plain(tail).includes('weather.tools.spec.ts'), 'npm test did not run src/weather/weather.tools.spec.ts', plain(tail).slice(-2000));
    return testSummary(tail);
  });
}

/** The package's `nestjs-mcp` command from the app's node_modules/.bin, on the app's dist/app.module.js (its default). */
async function commandLineCheck(cwd, log) {
  const cli = (...args) => run('npx', ['--no-install', 'nestjs-mcp', ...args], { cwd, log });
  const listed = JSON.parse((await cli('list', '--json')).stdout);
  check(listed.tools.some((tool) => tool.name === 'addNote'), 'nestjs-mcp list lacks addNote', listed.tools.map((tool) => tool.name));
  const called = JSON.parse((await cli('call', 'addNote', 'text=from the command line', 'tags=["cli"]')).stdout);
  check(isDeepStrictEqual(called.structuredContent, { id: '1', text: 'from the command line', tags: ['cli'] }), 'nestjs-mcp call addNote answered unexpectedly', called);
  const written = (await cli('snapshot')).stdout;
  check(/^Wrote mcp-surface\.json: \d+ tools?, /.test(written), 'nestjs-mcp snapshot did not write mcp-surface.json', written);
  const checked = (await cli('check')).stdout;
  check(checked.startsWith('mcp-surface.json matches the server'), 'nestjs-mcp check did not pass', checked);
  return `${listed.tools.length} tool(s) listed, addNote called, ${written.trim()}; check passed`;
}

function plain(text) {
  return text.replace(/\x1b\[[0-9;]*m/g, '');
}

/** The "Tests: ..." line of a jest or Vitest run. */
function testSummary(tail) {
  return plain(tail).split('\n').find((line) => /Tests:|Tests\s+\d/.test(line))?.trim().replace(/\s+/g, ' ');
}

/** The package's tool schematic through the app's own Nest CLI; the Nest CLI exits 0 even when a schematic fails. */
async function generateTool(app, cwd, log) {
  const { stdout, tail } = await run('npx', [...app.cli, 'g', '-c', 'nestjs-mcp', 'tool', 'weather'], { cwd, log });
  const files = ['weather.tools.ts', 'weather.tools.spec.ts', 'dto/create-weather.dto.ts', 'dto/weather.dto.ts'].map((file) => `src/weather/${file}`);
  check(!/^Error: |Failed to execute command/m.test(plain(tail)), 'nest g -c nestjs-mcp failed', plain(tail));
  for (const file of files) check(existsSync(join(cwd, file)), `nest g did not write ${file}`, plain(stdout));
  const module = readFileSync(join(cwd, 'src/app.module.ts'), 'utf8');
  const specifier = app.module === 'esm' ? './weather/weather.tools.js' : './weather/weather.tools';
  check(module.includes(`import { WeatherTools } from '${specifier}';`), `src/app.module.ts lacks the import from '${specifier}'`, module);
  check(/providers: \[[^\]]*\bWeatherTools\]/.test(module), 'WeatherTools is not in the providers of AppModule', module);
  return `${files.length} files, WeatherTools registered in src/app.module.ts`;
}

const NOTE = { text: 'from a real client', tags: ['ci'] };

async function exercise(client, id) {
  const { tools } = await client.listTools();
  check(tools.some((tool) => tool.name === 'addNote'), 'tools/list lacks addNote', tools.map((tool) => tool.name));
  const result = await client.callTool({ name: 'addNote', arguments: NOTE });
  check(!result.isError, 'addNote failed', result);
  check(isDeepStrictEqual(result.structuredContent, { id, ...NOTE }), 'addNote answered unexpectedly', result.structuredContent);
  const read = await client.readResource({ uri: `notes://${id}` });
  check(read.contents[0]?.text && isDeepStrictEqual(JSON.parse(read.contents[0].text), { id, ...NOTE }), `notes://${id} read back wrong`, read.contents);
}

async function httpCheck(app, cwd, log) {
  const port = await freePort();
  const url = new URL(`http://127.0.0.1:${port}/mcp`);
  const child = spawn(process.execPath, ['dist/main.js'], { cwd, env: { ...process.env, PORT: String(port), NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  const out = createWriteStream(log, { flags: 'a' });
  child.stdout.pipe(out);
  child.stderr.pipe(out);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    const deadline = Date.now() + 30_000;
    for (;;) {
      check(child.exitCode === null, `dist/main.js exited with ${child.exitCode}`);
      try {
        await fetch(url, { method: 'GET' });
        break;
      } catch {
        check(Date.now() < deadline, 'dist/main.js did not listen within 30 s');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    const eras = [];
    for (const [era, options, id] of [['2025-11-25', {}, '1'], ['2026-07-28', { versionNegotiation: { mode: { pin: '2026-07-28' } } }, '2']]) {
      const client = new Client({ name: `consumer-${app.id}`, version: '1.0.0' }, options);
      await withTimeout(client.connect(new StreamableHTTPClientTransport(url)), 10_000, 'connect');
      try {
        await withTimeout(exercise(client, id), 10_000, `addNote over HTTP (${era})`);
        eras.push(era);
      } finally {
        await client.close();
      }
    }
    return `addNote answered with the note, notes://{id} read it back (${eras.join(', ')})`;
  } finally {
    child.kill('SIGTERM');
    await withTimeout(exited, 15_000, 'dist/main.js exit').catch(() => child.kill('SIGKILL'));
  }
}

async function stdioCheck(cwd) {
  const transport = new StdioClientTransport({ command: process.execPath, args: ['dist/stdio.js'], cwd, stderr: 'pipe' });
  let stderr = '';
  transport.stderr?.on('data', (chunk) => (stderr = (stderr + chunk).slice(-4000)));
  const client = new Client({ name: 'consumer-stdio', version: '1.0.0' });
  try {
    await withTimeout(client.connect(transport), 15_000, 'connect over stdio');
    await withTimeout(exercise(client, '1'), 10_000, 'addNote over stdio');
    return 'addNote answered with the note, notes://{id} read it back';
  } catch (error) {
    throw new Error(`${error.message}\n  stderr of dist/stdio.js:\n${indent(stderr)}`);
  } finally {
    await client.close();
  }
}

// ------------------------------------------------------------------------------------------------------------------ main

const work = mkdtempSync(join(tmpdir(), 'nestjs-mcp-consumer-'));
console.log(`# consumer: the README's Install, Quick start and Testing, and the schematics, in fresh Nest 12 (ESM) and Nest 11 (CommonJS) apps`);
console.log(`# node ${process.version}, work dir ${work}`);
let failed = false;
try {
  const readme = await step(undefined, 'README.md: consumer snippets found', async () => {
    const found = readmeSnippets();
    return { ...found, summary: `${found.files.length} files, 2 install blocks, the scaffold clean-up, the jest step for CommonJS` };
  });
  const { tarball } = await step(undefined, 'npm run build:lib + npm pack (libs/mcp)', () => pack(work));
  const results = await Promise.allSettled(APPS.map((app) => consumerApp(app, work, tarball, readme)));
  failed = results.some((result) => result.status === 'rejected');
  if (failed) console.log(`\nlogs: ${work}/<app>.log${process.env.CONSUMER_KEEP ? '' : ' (set CONSUMER_KEEP=1 to keep them)'}`);
} catch {
  failed = true;
} finally {
  if (!process.env.CONSUMER_KEEP) rmSync(work, { recursive: true, force: true });
  else console.log(`kept ${work}`);
}
console.log(`\nconsumer: ${failed ? 'FAILED' : 'passed'} in ${seconds(Date.now() - started)}`);
process.exit(failed ? 1 : 0);
