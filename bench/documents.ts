/** The documents benchmarks use: seeded random trees, the same on every run. */
import * as prng from 'lib0/prng';
import * as Y from 'yjs';
import { CanopyDoc, type OutlineItem } from '../shared/model';

export const BENCH_DOC = 'bench-doc';

export function randomOutline(count: number, seed: number): OutlineItem[] {
  const gen = prng.create(seed);
  const root: OutlineItem = { title: 'root', children: [] };
  const all: OutlineItem[] = [root];
  for (let i = 1; i < count; i++) {
    // Bias toward recent parents for a realistic bushy-but-deep tree.
    const parent =
      all[Math.max(0, all.length - 1 - prng.int32(gen, 0, Math.min(all.length - 1, 40)))]!;
    const item: OutlineItem = {
      title: `Item ${i} ${prng.word(gen, 3, 12)}`,
      owner: prng.word(gen, 3, 8),
      measures:
        i % 3 === 0
          ? [{ name: 'Measure', baseline: 0, target: 100, current: prng.int32(gen, 0, 100) }]
          : [],
      children: [],
    };
    parent.children!.push(item);
    all.push(item);
  }
  return root.children!;
}

/** The encoded Yjs state of a random tree with `nodes` nodes (the vision included). */
export function benchDocument(nodes: number): Uint8Array {
  const doc = new Y.Doc();
  const model = new CanopyDoc(doc);
  model.initialise({
    id: BENCH_DOC,
    title: `Bench ${nodes}`,
    vision: { title: 'Bench vision', children: randomOutline(nodes, 7) },
  });
  const update = Y.encodeStateAsUpdate(doc);
  return update;
}
