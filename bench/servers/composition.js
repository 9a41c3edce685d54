// Composition cost, measured in its own process: TOOLS argument-less tools across MODULES feature modules, each module
// mounted under a namespace (`mount`), against the same tools registered flat under the same final names. Bootstrap
// (application context plus in-memory client) and a full `tools/list` walk (every page, median of LISTS), RUNS times
// each in alternating order after one warm-up each; every run's figures go to the parent (bench/lib/composition.js).
import 'reflect-metadata';
import { Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { McpModule, Tool } from 'nestjs-mcp';
import { McpTestClient } from 'nestjs-mcp/testing';
import { median } from '../lib/median.js';

const RUNS = Number(process.env.RUNS);
const LISTS = Number(process.env.LISTS);
const MODULES = Number(process.env.MODULES);
const TOOLS = Number(process.env.TOOLS);
const perModule = TOOLS / MODULES;

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

/** The app: MODULES feature modules of TOOLS / MODULES tools each, mounted under `m<k>` or named `m<k>_t<i>` outright. */
function app(mounted) {
  const features = Array.from({ length: MODULES }, (_, module) => {
    const Feature = class {};
    Object.defineProperty(Feature, 'name', { value: `Feature${module}` });
    Module({ providers: [toolsProvider(module, mounted ? '' : `m${module}_`, perModule)] })(Feature);
    return Feature;
  });
  const mount = mounted ? features.map((module, index) => ({ module, namespace: `m${index}` })) : undefined;
  const App = class {};
  Module({ imports: [...features, McpModule.forRoot({ name: 'bench', version: '1.0.0', ...(mount ? { mount } : {}) })] })(App);
  return App;
}

/** One list walk, refusing a list that is not every tool under its final name. */
async function walk(client) {
  const { tools } = await client.client.listTools(undefined, { cacheMode: 'bypass' });
  if (tools.length !== TOOLS || tools[0].name !== 'm0_t0') throw new Error(`unexpected list: ${tools.length} tools, first ${tools[0]?.name}`);
}

async function measure(mounted) {
  const started = performance.now();
  const context = await NestFactory.createApplicationContext(app(mounted), { logger: false });
  const client = await McpTestClient.create(context);
  const bootstrapMs = performance.now() - started;
  await walk(client);
  const walks = [];
  for (let index = 0; index < LISTS; index++) {
    const at = performance.now();
    await walk(client);
    walks.push(performance.now() - at);
  }
  await client.close();
  await context.close();
  return { bootstrapMs, listMs: median(walks) };
}

const runs = { flat: [], mounted: [] };
await measure(false);
await measure(true);
for (let run = 0; run < RUNS; run++) {
  for (const variant of run % 2 ? ['mounted', 'flat'] : ['flat', 'mounted']) runs[variant].push(await measure(variant === 'mounted'));
}
process.send(runs, () => process.exit(0));
