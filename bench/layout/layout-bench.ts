/**
 * Times layoutTree on seeded random trees, and dagre on the same trees for
 * scale. Run: npx tsx bench/layout/layout-bench.ts
 */
import dagre from '@dagrejs/dagre';
import { layoutTree, DEFAULT_GAP_X, DEFAULT_GAP_Y } from '../../shared/layout/tree-layout';
import { randomTree, type RandomTree } from '../../test/unit/layout/random-tree';
import { summarize, type Summary } from '../stats';

function time(fn: () => void, runs: number, warmup: number): Summary {
  for (let i = 0; i < warmup; i++) fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    samples.push(performance.now() - start);
  }
  return summarize(samples);
}

const ours = (t: RandomTree) => () => {
  layoutTree(t, (id) => t.sizes.get(id)!);
};

// Graph construction is timed too, as building the hierarchy is in ours.
const viaDagre = (t: RandomTree) => () => {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: 'TB', nodesep: DEFAULT_GAP_X, ranksep: DEFAULT_GAP_Y });
  g.setDefaultEdgeLabel(() => ({}));
  for (const id of t.ids) g.setNode(id, { ...t.sizes.get(id)! });
  for (const [child, parent] of t.parentOf) g.setEdge(parent, child);
  dagre.layout(g);
};

const fmt = (s: Summary) =>
  `${s.median.toFixed(2).padStart(9)} ms  (${s.min.toFixed(2)}–${s.max.toFixed(2)})`;

console.log(
  'nodes | layoutTree median (min–max)      | dagre median (min–max)             | dagre/ours',
);
for (const [n, runs, dagreRuns] of [
  [500, 30, 5],
  [2000, 20, 3],
  [5000, 15, 3],
] as const) {
  const t = randomTree(n, n);
  const a = time(ours(t), runs, 5);
  const b = time(viaDagre(t), dagreRuns, 1);
  console.log(
    `${String(n).padStart(5)} | ${fmt(a).padEnd(32)} | ${fmt(b).padEnd(34)} | ${(b.median / a.median).toFixed(0)}×`,
  );
}
