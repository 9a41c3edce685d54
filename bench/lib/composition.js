// The composition measurement (bench/servers/composition.js) of one checkout, run in a child process and summarised:
// medians of the runs and the mounted/flat ratio, as figures for results.json and as markdown. Used by bench/run.js
// (a section of results.md) and bench/composition.js (results-composition.md on its own).
import { fork } from 'node:child_process';
import { join } from 'node:path';
import { median } from './median.js';

/** RUNS, LISTS, MODULES and TOOLS (all tools, split evenly across the modules) from the environment. */
export function compositionSettings(env = process.env) {
  const settings = {
    runs: Number(env.RUNS ?? 7),
    lists: Number(env.LISTS ?? 30),
    modules: Number(env.MODULES ?? 10),
    tools: Number(env.TOOLS ?? 1000),
  };
  for (const [name, value] of Object.entries(settings)) {
    if (!Number.isInteger(value) || value < 1) throw new Error(`${name.toUpperCase()} must be a positive integer, not ${value}`);
  }
  if (settings.tools % settings.modules) throw new Error(`TOOLS (${settings.tools}) must be a multiple of MODULES (${settings.modules})`);
  return settings;
}

/** Medians of one figure over the runs of both variants, the ratio, and the runs themselves. */
function summary(runs, key) {
  const flat = runs.flat.map((run) => run[key]);
  const mounted = runs.mounted.map((run) => run[key]);
  return { flat: median(flat), mounted: median(mounted), ratio: median(mounted) / median(flat), runs: { flat, mounted } };
}

/** Runs `dir`'s bench/servers/composition.js with `settings` and summarises its runs. */
export async function measureComposition(dir, settings) {
  const env = { ...process.env, RUNS: String(settings.runs), LISTS: String(settings.lists), MODULES: String(settings.modules), TOOLS: String(settings.tools) };
  const child = fork(join(dir, 'bench', 'servers', 'composition.js'), { env, stdio: 'inherit' });
  const runs = await new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('message', resolve);
    child.once('exit', (code) => reject(new Error(`bench/servers/composition.js exited with ${code} before reporting`)));
  });
  return { ...settings, bootstrapMs: summary(runs, 'bootstrapMs'), listMs: summary(runs, 'listMs') };
}

/** What was measured, for the page above the table. */
export function compositionMethod({ runs, lists, modules, tools }) {
  return [
    `${modules} feature modules of ${tools / modules} argument-less tools each. *Mounted*: \`mount: [{ module, namespace: 'm<k>' }]\`, tools named \`t<i>\`;`,
    `*flat*: the same tools named \`m<k>_t<i>\` outright, so both list the same names. Bootstrap: \`NestFactory.createApplicationContext\``,
    `plus \`McpTestClient.create\` (discovery, schemas, pipelines, registry). List: one full \`tools/list\` walk (every page of 100,`,
    `SDK cache bypassed), median of ${lists}. ${runs} runs per variant in alternating order after one warm-up each, in a child process; medians.`,
  ];
}

/** The table: one bootstrap row and one list row per measured checkout (`label` names it, '' for this one). */
export function compositionTable(results) {
  const ms = (value) => value.toFixed(1);
  const row = (name, { flat, mounted, ratio, runs }) =>
    `| ${name} | ${ms(flat)} | ${ms(mounted)} | ${ratio.toFixed(2)}× | ${runs.flat.map(ms).join(', ')} | ${runs.mounted.map(ms).join(', ')} |`;
  return [
    '| ms | flat (median) | mounted (median) | mounted / flat | runs, flat | runs, mounted |',
    '|---|---:|---:|---:|---|---|',
    ...results.flatMap((result) => [
      row(`bootstrap${result.label}`, result.bootstrapMs),
      row(`tools/list, every page${result.label}`, result.listMs),
    ]),
  ];
}
