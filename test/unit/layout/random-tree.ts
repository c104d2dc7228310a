/** Seeded random trees and node sizes, shared by the layout tests and the benchmark. */
import * as prng from 'lib0/prng';
import type { NodeSize } from '../../../shared/layout/tree-layout';

export interface RandomTree {
  rootId: string;
  childrenOf: Map<string, string[]>;
  parentOf: Map<string, string>;
  ids: string[];
  sizes: Map<string, NodeSize>;
}

/**
 * n nodes; each new node hangs under a random earlier one, half the time one of
 * the last few added, so trees mix wide bushes with deeper runs. Sizes are
 * random, fractional ones included (React Flow measures in fractional pixels).
 */
export function randomTree(seed: number, n: number): RandomTree {
  const gen = prng.create(seed);
  const ids: string[] = [];
  const childrenOf = new Map<string, string[]>();
  const parentOf = new Map<string, string>();
  const sizes = new Map<string, NodeSize>();
  for (let i = 0; i < n; i++) {
    const id = `n${i}`;
    ids.push(id);
    childrenOf.set(id, []);
    const fractional = prng.bool(gen);
    const width = prng.int32(gen, 20, 260) + (fractional ? prng.real53(gen) : 0);
    const height = prng.int32(gen, 16, 120) + (fractional ? prng.real53(gen) : 0);
    sizes.set(id, { width, height });
    if (i === 0) continue;
    const parent = prng.bool(gen)
      ? ids[prng.int32(gen, Math.max(0, i - 4), i - 1)]!
      : ids[prng.int32(gen, 0, i - 1)]!;
    childrenOf.get(parent)!.push(id);
    parentOf.set(id, parent);
  }
  return { rootId: 'n0', childrenOf, parentOf, ids, sizes };
}

/** A single path of n nodes. */
export function chain(n: number): RandomTree {
  const ids = Array.from({ length: n }, (_, i) => `c${i}`);
  const childrenOf = new Map<string, string[]>();
  const parentOf = new Map<string, string>();
  const sizes = new Map<string, NodeSize>();
  ids.forEach((id, i) => {
    childrenOf.set(id, i + 1 < n ? [ids[i + 1]!] : []);
    if (i > 0) parentOf.set(id, ids[i - 1]!);
    sizes.set(id, { width: 100 + (i % 7) * 10, height: 40 });
  });
  return { rootId: ids[0]!, childrenOf, parentOf, ids, sizes };
}
