// The targets of issue 14, each a figure of this checkout's run against what is required, and their table.

const mine = (rows, server, path) => {
  const row = rows.find((each) => each.server === server && each.path === path && each.label === '');
  if (!row) throw new Error(`no ${server} ${path} row`);
  return row;
};

const over = (target, measured, reference, required, unit) => ({
  target,
  measured: measured / reference,
  required,
  atMost: false,
  unit: '×',
  detail: `${format(measured, 1)} / ${format(reference, 1)} ${unit}`,
});

const atMost = (target, measured, required, unit, detail) => ({ target, measured, required, atMost: true, unit, ...(detail ? { detail } : {}) });

/** Every target, from the results of one run. */
export function targetsOf({ throughput, toolsList, memory, soak, bootstrap, stdio }) {
  const rawSession = mine(throughput, 'raw', 'session');
  const nestSession = mine(throughput, 'nestjs-mcp', 'session');
  const rawList = toolsList.find((row) => row.server === 'raw');
  const nestList = toolsList.find((row) => row.server === 'nestjs-mcp' && row.label === '');
  const sessions = memory.find((each) => each.label === '');
  // The demo as its README starts it for a desktop host: bundled.
  const demo = stdio.find((each) => each.label === '' && each.entry === 'dist/stdio.bundle.mjs') ?? stdio.find((each) => each.label === '');
  const targets = [
    over('2025 session, tools/call req/s over the raw SDK v2 2025 session', nestSession.reqPerSec, rawSession.reqPerSec, 1.3, 'req/s'),
    atMost('2025 session, tools/call p99 at most the raw SDK v2 2025 session\'s', nestSession.p99Ms, rawSession.p99Ms, ' ms'),
    over('2026-07-28 request, tools/call req/s over the raw SDK v2 2025 session', mine(throughput, 'nestjs-mcp', 'modern').reqPerSec, rawSession.reqPerSec, 1, 'req/s'),
    over('2025 stateless option, tools/call req/s over the raw SDK v2 stateless', mine(throughput, 'nestjs-mcp', 'stateless').reqPerSec, mine(throughput, 'raw', 'stateless').reqPerSec, 1.5, 'req/s'),
    over(`tools/list of ${nestList.tools} rich-DTO tools, full walks/s over the raw SDK v2`, nestList.walksPerSec, rawList.walksPerSec, 2, 'walks/s'),
    atMost(`idle 2025 session just opened (live), heap per session at ${sessions.sessions} sessions (after GC)`, sessions.live.heapKiB, 8, ' KiB'),
    atMost(`idle 2025 session once dormant, heap per session at ${sessions.sessions} sessions (after GC)`, sessions.dormant.heapKiB, 8, ' KiB'),
    ...soak.map((each) =>
      atMost(`RSS growth over a ${each.seconds} s soak, ${each.name} (after GC)`, each.rssGrowthPercent, 5, ' %', `${format(each.rssStartMiB, 1)} → ${format(each.rssEndMiB, 1)} MiB`),
    ),
    ...bootstrap.filter((each) => each.label === '').map((each) => atMost(`bootstrap with ${each.tools} ${each.name}`, each.bootstrapMs, 300, ' ms')),
    atMost(`stdio demo (${demo.entry ?? 'dist/stdio.js'}), spawn to the initialize answer, median of ${demo.runs.length}`, demo.startUpMs, 300, ' ms'),
  ];
  return targets.map((each) => ({ ...each, ratio: each.measured / each.required, met: each.atMost ? each.measured <= each.required : each.measured >= each.required }));
}

/** Up to `digits` decimals, without trailing zeros. */
function format(value, digits) {
  return String(Number(value.toFixed(digits)));
}

const DIGITS = { '×': 2, ' ms': 1, ' KiB': 1, ' %': 1 };

export function targetsTable(targets) {
  const figure = (value, unit) => `${format(value, DIGITS[unit])}${unit}`;
  return [
    '| target | measured | required | measured / required | met |',
    '|---|---:|---:|---:|:---:|',
    ...targets.map(
      (each) =>
        `| ${each.target} | ${figure(each.measured, each.unit)}${each.detail ? ` (${each.detail})` : ''} | ${each.atMost ? '≤' : '≥'} ${figure(each.required, each.unit)} | ${each.ratio.toFixed(2)} | ${each.met ? '✓' : '✗'} |`,
    ),
  ];
}
