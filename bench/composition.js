// Composition cost: 1,000 tools across 10 modules, each module mounted under a namespace (`mount`), against the same
// 1,000 tools (same final names) registered flat. Measures bootstrap (application context + in-memory client) and a
// full `tools/list` walk (every page), RUNS times each in alternating order; medians and the mounted/flat ratio.
// Usage: npm run bench:composition   (RUNS=7 LISTS=30 MODULES=10 TOOLS=100)   Writes bench/results-composition.md.
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import { Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { McpModule, Tool } from 'nestjs-mcp';
import { McpTestClient } from 'nestjs-mcp/testing';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = Number(process.env.RUNS ?? 7);
const LISTS = Number(process.env.LISTS ?? 30);
const MODULES = Number(process.env.MODULES ?? 10);
const TOOLS = Number(process.env.TOOLS ?? 100);

/** A provider with `count` argument-less tools named `<prefix>t<i>`. */
function toolsProvider(module, prefix, count) {
  const Tools = class {};
  Object.defineProperty(Tools, 'name', { value: `Tools${module}` });
  for (let index = 0; index < count; index++) {
    const name = `${prefix}t${index}`;
    Tools.prototype[name] = function () {
      return name;
    };
    Tool({ description: `Tool ${index} of module ${module}` })(Tools.prototype, name, Object.getOwnPropertyDescriptor(Tools.prototype, name));
  }
  Injectable()(Tools);
  return Tools;
}

/** The app: MODULES feature modules of TOOLS tools each, mounted under `m<k>` or named `m<k>_t<i>` outright. */
function app(mounted) {
  const features = Array.from({ length: MODULES }, (_, module) => {
    const Feature = class {};
    Object.defineProperty(Feature, 'name', { value: `Feature${module}` });
    Module({ providers: [toolsProvider(module, mounted ? '' : `m${module}_`, TOOLS)] })(Feature);
    return Feature;
  });
  const mount = mounted ? features.map((module, index) => ({ module, namespace: `m${index}` })) : undefined;
  const App = class {};
  Module({ imports: [...features, McpModule.forRoot({ name: 'bench', version: '1.0.0', ...(mount ? { mount } : {}) })] })(App);
  return App;
}

async function measure(mounted) {
  const started = performance.now();
  const context = await NestFactory.createApplicationContext(app(mounted), { logger: false });
  const client = await McpTestClient.create(context);
  const bootstrapMs = performance.now() - started;
  const first = await client.listTools();
  if (first.tools.length !== MODULES * TOOLS || first.tools[1].name !== 'm0_t1') throw new Error(`unexpected list: ${first.tools.length} tools, ${first.tools[1]?.name}`);
  const walks = [];
  for (let index = 0; index < LISTS; index++) {
    const at = performance.now();
    await client.client.listTools(undefined, { cacheMode: 'bypass' });
    walks.push(performance.now() - at);
  }
  await client.close();
  await context.close();
  return { bootstrapMs, listMs: median(walks) };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

const results = { flat: [], mounted: [] };
await measure(false);
await measure(true);
for (let run = 0; run < RUNS; run++) {
  for (const variant of run % 2 ? ['mounted', 'flat'] : ['flat', 'mounted']) results[variant].push(await measure(variant === 'mounted'));
}
const row = (label, key) => {
  const flat = median(results.flat.map((result) => result[key]));
  const mounted = median(results.mounted.map((result) => result[key]));
  const runs = (variant) => results[variant].map((result) => result[key].toFixed(1)).join(', ');
  return `| ${label} | ${flat.toFixed(1)} | ${mounted.toFixed(1)} | ${(mounted / flat).toFixed(2)}× | ${runs('flat')} | ${runs('mounted')} |`;
};
const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
const cpu = cpus()[0]?.model.split(' ').slice(0, 2).join(' ') ?? 'unknown CPU';
const text = `# Composition: ${MODULES * TOOLS} tools across ${MODULES} mounted modules, against the same tools flat

Run ${new Date().toISOString()} on ${cpus().length} × ${cpu}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, at ${commit}.
${MODULES} feature modules of ${TOOLS} argument-less tools each. *Mounted*: \`mount: [{ module, namespace: 'm<k>' }]\`, tools named \`t<i>\`;
*flat*: the same tools named \`m<k>_t<i>\` outright, so both list the same names. Bootstrap: \`NestFactory.createApplicationContext\`
plus \`McpTestClient.create\` (discovery, schemas, pipelines, registry). List: one full \`tools/list\` walk (every page of 100,
SDK cache bypassed), median of ${LISTS}. ${RUNS} runs per variant in alternating order after one warm-up each; medians.
Reproduce: \`npm run bench:composition\` (writes this file).

| ms | flat (median) | mounted (median) | mounted / flat | runs, flat | runs, mounted |
|---|---:|---:|---:|---|---|
${row('bootstrap', 'bootstrapMs')}
${row('tools/list, every page', 'listMs')}
`;
writeFileSync(join(root, 'bench/results-composition.md'), text);
console.log(text);
process.exit(0);
