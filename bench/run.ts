/**
 * npm run bench [-- --only model,layout,open,canvas,sync,team] [--runs N] [--baseline FILE]
 *
 * Runs each suite several times and prints, per figure, the median and the spread
 * (min–max) over the runs; next to each figure measured against a baseline in the
 * same run (dagre, plain Yjs, a y-websocket relay...), the ratio, since absolute
 * times drift on shared machines while ratios hold. Targets are checked and
 * reported, never asserted: this is not a test. Results go to
 * bench/results/<time>.json; with --baseline, an earlier results file is shown side
 * by side with this run.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { summarize, type Summary } from './stats';
import type { Suite, Unit } from './suite';
import { canvasSuite } from './suites/canvas';
import { layoutSuite } from './suites/layout';
import { modelSuite } from './suites/model';
import { openSuite } from './suites/open';
import { syncSuite } from './suites/sync';
import { teamSuite } from './suites/team';

const SUITES: Suite[] = [modelSuite, layoutSuite, openSuite, canvasSuite, syncSuite, teamSuite];

interface FigureResult extends Summary {
  suite: string;
  metric: string;
  unit: Unit;
  samples: number[];
  baseline?: string;
  /** median / baseline's median */
  ratio?: number;
  target?: number;
  met?: boolean;
}

const { values } = parseArgs({
  options: {
    only: { type: 'string' },
    runs: { type: 'string' },
    baseline: { type: 'string' },
  },
});
const only = values.only?.split(',').map((s) => s.trim());
const unknown = only?.filter((name) => !SUITES.some((s) => s.name === name)) ?? [];
if (unknown.length) {
  console.error(
    `bench: no suite ${unknown.join(', ')}; the suites: ${SUITES.map((s) => s.name).join(', ')}`,
  );
  process.exit(2);
}
const suites = SUITES.filter((s) => !only || only.includes(s.name));

const fmt = (value: number, unit: Unit) =>
  unit === 'ms' && value < 10 ? `${value.toFixed(2)} ${unit}` : `${value.toFixed(1)} ${unit}`;

function machine() {
  const cpus = os.cpus();
  let chromium = 'not found';
  try {
    chromium = execFileSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', ['--version'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    /* no browser: the browser suites will say so */
  }
  return {
    cpu: `${cpus[0]?.model ?? 'unknown'} × ${cpus.length}`,
    memoryGB: Math.round(os.totalmem() / 1024 ** 3),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    chromium,
  };
}

const results: FigureResult[] = [];
const startedAt = new Date();
console.log(`Canopy benchmarks, ${startedAt.toISOString()}`);
const info = machine();
console.log(
  `machine: ${info.cpu}, ${info.memoryGB} GB, ${info.os}, Node ${info.node}, ${info.chromium}\n`,
);

for (const suite of suites) {
  const runs = Number(values.runs ?? suite.defaultRuns ?? 5);
  console.log(`## ${suite.name}: ${suite.description} (${runs} runs)`);
  const samples = new Map<string, { unit: Unit; values: number[] }>();
  await suite.setup?.();
  try {
    for (let r = 0; r < runs; r++) {
      const started = performance.now();
      for (const m of await suite.run()) {
        const entry = samples.get(m.metric) ?? { unit: m.unit, values: [] };
        entry.values.push(m.value);
        samples.set(m.metric, entry);
      }
      process.stdout.write(
        `  run ${r + 1}/${runs} in ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
      );
    }
  } finally {
    await suite.teardown?.();
  }
  const figures = new Map<string, FigureResult>();
  for (const [metric, { unit, values: v }] of samples) {
    const figure: FigureResult = { suite: suite.name, metric, unit, samples: v, ...summarize(v) };
    const target = suite.targets?.[metric];
    if (target) {
      figure.target = target.max;
      figure.met = figure.median <= target.max;
    }
    figures.set(metric, figure);
  }
  for (const { metric, baseline, maxRatio } of suite.comparisons ?? []) {
    const a = figures.get(metric);
    const b = figures.get(baseline);
    if (!a || !b) continue;
    a.baseline = baseline;
    a.ratio = a.median / b.median;
    if (maxRatio !== undefined) a.met = (a.met ?? true) && a.ratio <= maxRatio;
  }
  const rows = [...figures.values()];
  const width = Math.max(...rows.map((f) => f.metric.length), 10);
  for (const f of rows) {
    const spread = `${fmt(f.min, f.unit)} – ${fmt(f.max, f.unit)}`;
    const ratio = f.ratio !== undefined ? `  ${ratioText(f.ratio)} ${f.baseline}` : '';
    const target =
      f.target !== undefined || f.met !== undefined
        ? `  ${f.met ? 'meets' : 'MISSES'} target${f.target !== undefined ? ` ≤ ${fmt(f.target, f.unit)}` : ''}`
        : '';
    console.log(
      `  ${f.metric.padEnd(width)}  ${fmt(f.median, f.unit).padStart(10)}  (${spread})${ratio}${target}`,
    );
  }
  console.log('');
  results.push(...rows);
}

function ratioText(ratio: number): string {
  return ratio >= 1
    ? `${ratio.toFixed(2)}× of`
    : `1/${(1 / ratio).toFixed(ratio > 0.1 ? 2 : 0)} of`;
}

const dir = path.join('bench', 'results');
mkdirSync(dir, { recursive: true });
const file = path.join(dir, `${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
writeFileSync(
  file,
  JSON.stringify({ startedAt: startedAt.toISOString(), machine: info, results }, null, 2),
);
console.log(`results: ${file}`);

if (values.baseline) {
  const earlier = JSON.parse(readFileSync(values.baseline, 'utf8')) as {
    startedAt: string;
    results: FigureResult[];
  };
  console.log(`\nagainst ${values.baseline} (${earlier.startedAt}):`);
  for (const f of results) {
    const before = earlier.results.find((e) => e.suite === f.suite && e.metric === f.metric);
    if (!before) continue;
    // A ratio to zero says nothing: say "same" or "was 0".
    const change =
      before.median === 0
        ? f.median === 0
          ? 'same'
          : 'was 0'
        : `${(f.median / before.median).toFixed(2)}×`;
    console.log(
      `  ${`${f.suite}: ${f.metric}`.padEnd(48)} ${fmt(before.median, f.unit).padStart(10)} → ${fmt(f.median, f.unit).padStart(10)}  (${change})`,
    );
  }
}

// Clients of the sync suite (y-websocket's timers, guard workers) may keep the loop alive.
process.exit(0);
