/**
 * Layout: tidy-tree layout of seeded random trees of 500, 2,000, 5,000 and 10,000 nodes,
 * against dagre on the same trees (the baseline: the usual choice for graph layout).
 */
import dagre from '@dagrejs/dagre';
import { DEFAULT_GAP_X, DEFAULT_GAP_Y, layoutTree } from '../../shared/layout/tree-layout';
import { randomTree, type RandomTree } from '../../test/unit/layout/random-tree';
import { median } from '../stats';
import type { Measurement, Suite } from '../suite';

const SIZES = [500, 2000, 5000, 10_000];
const trees = new Map<number, RandomTree>();

function time(fn: () => void, repeats: number): number {
  const samples: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const start = performance.now();
    fn();
    samples.push(performance.now() - start);
  }
  return median(samples);
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

export const layoutSuite: Suite = {
  name: 'layout',
  description: 'layoutTree against dagre on the same seeded random trees',
  // At least 100× faster than dagre: a ratio of at most 1/100.
  comparisons: SIZES.map((n) => ({
    metric: `layout ${n} nodes`,
    baseline: `dagre ${n} nodes`,
    maxRatio: 0.01,
  })),
  // 10,000 nodes: held to the same 20 ms (the layout is linear in the nodes).
  targets: { 'layout 5000 nodes': { max: 20 }, 'layout 10000 nodes': { max: 20 } },
  async setup() {
    for (const n of SIZES) trees.set(n, randomTree(n, n));
    // Warm up the JIT on both, so the first run is not an outlier.
    for (let i = 0; i < 5; i++) ours(trees.get(5000)!)();
    viaDagre(trees.get(500)!)();
  },
  async run() {
    const out: Measurement[] = [];
    for (const n of SIZES) {
      const t = trees.get(n)!;
      out.push({ metric: `layout ${n} nodes`, unit: 'ms', value: time(ours(t), 9) });
      out.push({ metric: `dagre ${n} nodes`, unit: 'ms', value: time(viaDagre(t), 1) });
    }
    return out;
  },
};
