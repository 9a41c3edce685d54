// Bootstrap time with TOOLS tools (bench/servers/many-tools.js, a fresh process each time): median of `runs` processes
// per kind of tool and checkout, the kinds alternating.
import { fork } from 'node:child_process';
import { join } from 'node:path';
import { median } from './median.js';

function bootstrapOnce(dir, kind, tools) {
  const child = fork(join(dir, 'bench', 'servers', 'many-tools.js'), { env: { ...process.env, TOOLS: String(tools), KIND: kind }, stdio: 'inherit' });
  return new Promise((resolve, reject) => {
    child.once('message', (message) => resolve(message.bootstrapMs));
    child.once('exit', (code) => code && reject(new Error(`many-tools (${kind}) exited with ${code}`)));
  });
}

/** targets: [{ label, dir, kind, name }]; each with its median and runs. */
export async function measureBootstrap(targets, { tools, runs }) {
  const times = targets.map(() => []);
  for (let run = 0; run < runs; run++) {
    const order = run % 2 ? [...targets.keys()].reverse() : [...targets.keys()];
    for (const index of order) times[index].push(await bootstrapOnce(targets[index].dir, targets[index].kind, tools));
  }
  return targets.map(({ label, kind, name }, index) => {
    const result = { label, kind, name, tools, bootstrapMs: median(times[index]), runs: times[index] };
    console.log(`bootstrap, ${name}${label}: ${result.bootstrapMs.toFixed(0)} ms (median of ${runs})`);
    return result;
  });
}
