import { describe, expect, it } from 'vitest';
import * as prng from 'lib0/prng';
import {
  DEFAULT_GAP_X,
  DEFAULT_GAP_Y,
  layoutTree,
  type LayoutOptions,
  type NodeBox,
  type TreeLayout,
} from '../../../shared/layout/tree-layout';
import { tidyTree, type TidyNode } from '../../../shared/layout/tidy-tree';
import { FLEXTREE_MAX_DEPTH, tidyWithFlextree } from './flextree-reference';
import { chain, randomTree, type RandomTree } from './random-tree';

const run = (t: RandomTree, options?: LayoutOptions): TreeLayout =>
  layoutTree(t, (id) => t.sizes.get(id)!, options);

/**
 * Every pair of boxes that share some height must be at least `gapX` apart
 * horizontally (so none overlap). Sweep over boxes sorted by left edge: only
 * boxes starting before this one's right edge plus the gap can be too close.
 */
function closePairs(positions: Map<string, NodeBox>, gapX: number): string[] {
  const boxes = [...positions].sort((a, b) => a[1].x - b[1].x);
  const bad: string[] = [];
  for (let i = 0; i < boxes.length; i++) {
    const [idA, a] = boxes[i]!;
    for (let j = i + 1; j < boxes.length; j++) {
      const [idB, b] = boxes[j]!;
      if (b.x >= a.x + a.width + gapX) break;
      const shareHeight = a.y < b.y + b.height && b.y < a.y + a.height;
      if (shareHeight) bad.push(`${idA}/${idB}`);
    }
  }
  return bad;
}

/** Visible nodes: the root and every descendant not below a collapsed node. */
function visible(t: RandomTree, collapsed: ReadonlySet<string> = new Set()): string[] {
  const out: string[] = [];
  const stack = [t.rootId];
  while (stack.length > 0) {
    const id = stack.pop()!;
    out.push(id);
    if (!collapsed.has(id)) stack.push(...t.childrenOf.get(id)!);
  }
  return out.sort();
}

function checkInvariants(t: RandomTree, layout: TreeLayout, gapX: number, gapY: number): void {
  const { positions, bounds } = layout;
  expect([...positions.keys()].sort()).toEqual(visible(t));
  for (const box of positions.values()) {
    expect(Number.isInteger(box.x) && Number.isInteger(box.y)).toBe(true);
    expect(box.x).toBeGreaterThanOrEqual(bounds.minX);
    expect(box.y).toBeGreaterThanOrEqual(bounds.minY);
    expect(box.x + box.width).toBeLessThanOrEqual(bounds.maxX);
    expect(box.y + box.height).toBeLessThanOrEqual(bounds.maxY);
  }
  expect(closePairs(positions, gapX)).toEqual([]);

  for (const [parentId, kids] of t.childrenOf) {
    const parent = positions.get(parentId);
    if (!parent || kids.length === 0) continue;
    const boxes = kids.map((k) => positions.get(k)!);
    for (const kid of boxes) {
      // Exactly gapY, plus under one unit where a fractional height was rounded up.
      const gap = kid.y - (parent.y + parent.height);
      expect(gap).toBeGreaterThanOrEqual(gapY);
      expect(gap).toBeLessThan(gapY + 1);
    }
    for (let i = 1; i < boxes.length; i++) {
      expect(boxes[i]!.x - (boxes[i - 1]!.x + boxes[i - 1]!.width)).toBeGreaterThanOrEqual(gapX);
    }
    // Centred over the span from the first child's left to the last child's right;
    // integer positions and rounded-up fractional widths leave at most a unit of slack.
    const first = boxes[0]!;
    const last = boxes[boxes.length - 1]!;
    const spanCentre = (first.x + last.x + last.width) / 2;
    expect(Math.abs(parent.x + parent.width / 2 - spanCentre)).toBeLessThanOrEqual(1);
  }
}

describe('layoutTree', () => {
  it('lays out random trees without overlaps, parents centred, children gapY below', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const t = randomTree(seed, 10 + seed * 8);
      checkInvariants(t, run(t), DEFAULT_GAP_X, DEFAULT_GAP_Y);
    }
  });

  it('honours custom gaps, zero included', () => {
    for (const [gapX, gapY] of [
      [0, 0],
      [1, 1],
      [50, 10],
    ] as const) {
      for (let seed = 100; seed < 110; seed++) {
        const t = randomTree(seed, 150);
        checkInvariants(t, run(t, { gapX, gapY }), gapX, gapY);
      }
    }
  });

  it('is deterministic and depends only on the children order', () => {
    const t = randomTree(7, 400);
    const a = run(t);
    const b = run(t);
    expect([...b.positions]).toEqual([...a.positions]);
    expect(b.bounds).toEqual(a.bounds);

    // Same tree, map built in another order: same layout, entry for entry.
    const shuffled = { ...t, childrenOf: new Map([...t.childrenOf].reverse()) };
    const c = run(shuffled);
    expect([...c.positions]).toEqual([...a.positions]);

    // Reordering siblings does change the layout (the order is the input).
    const kids = t.childrenOf.get(t.rootId)!;
    expect(kids.length).toBeGreaterThan(1);
    const reordered = new Map(t.childrenOf).set(t.rootId, [...kids].reverse());
    const d = run({ ...t, childrenOf: reordered });
    expect(d.positions.get(kids[0]!)!.x).toBeGreaterThan(d.positions.get(kids.at(-1)!)!.x);
  });

  it('omits the descendants of collapsed nodes and closes the space they took', () => {
    const t = randomTree(11, 300);
    const gen = prng.create(11);
    const collapsed = new Set(t.ids.filter(() => prng.int32(gen, 0, 9) === 0));
    const layout = run(t, { collapsed });
    expect([...layout.positions.keys()].sort()).toEqual(visible(t, collapsed));
    for (const id of collapsed) {
      if (layout.positions.has(id)) {
        for (const kid of t.childrenOf.get(id)!) expect(layout.positions.has(kid)).toBe(false);
      }
    }
    // Same as laying out the tree with those subtrees cut off.
    const pruned = new Map(t.childrenOf);
    for (const id of collapsed) pruned.set(id, []);
    const expected = run({ ...t, childrenOf: pruned });
    expect([...layout.positions]).toEqual([...expected.positions]);

    // Collapsing the root leaves the root alone.
    const only = run(t, { collapsed: new Set([t.rootId]) });
    expect([...only.positions.keys()]).toEqual([t.rootId]);
  });

  it('handles the empty tree, a lone root and unmeasured nodes', () => {
    expect(
      layoutTree({ rootId: null, childrenOf: new Map() }, () => ({ width: 1, height: 1 })),
    ).toEqual({ positions: new Map(), bounds: { minX: 0, minY: 0, maxX: 0, maxY: 0 } });

    const lone = layoutTree({ rootId: 'r', childrenOf: new Map() }, () => ({
      width: 100,
      height: 40,
    }));
    expect(lone.positions.get('r')).toEqual({ x: -50, y: 0, width: 100, height: 40 });
    expect(lone.bounds).toEqual({ minX: -50, minY: 0, maxX: 50, maxY: 40 });

    const t = randomTree(3, 50);
    const layout = layoutTree(t, (id) =>
      id === 'n5' ? { width: Number.NaN, height: -3 } : t.sizes.get(id)!,
    );
    expect(layout.positions.get('n5')).toMatchObject({ width: 0, height: 0 });
    expect(closePairs(layout.positions, DEFAULT_GAP_X)).toEqual([]);
  });

  it('ignores a malformed childrenOf instead of looping (cycles, repeated ids)', () => {
    const childrenOf = new Map([
      ['a', ['b', 'c', 'b']],
      ['b', ['a', 'd']],
      ['c', ['d']],
    ]);
    const layout = layoutTree({ rootId: 'a', childrenOf }, () => ({ width: 10, height: 10 }));
    expect([...layout.positions.keys()].sort()).toEqual(['a', 'b', 'c', 'd']);
  });

  it('lays out a 5,000-node random tree', () => {
    const t = randomTree(5000, 5000);
    const layout = run(t);
    expect(layout.positions.size).toBe(5000);
    checkInvariants(t, layout, DEFAULT_GAP_X, DEFAULT_GAP_Y);
  });

  it('lays out deep chains (2,000 and 5,000) without overflowing the stack', () => {
    for (const n of [2000, 5000]) {
      const t = chain(n);
      const layout = run(t);
      expect(layout.positions.size).toBe(n);
      // Every node centred on the root's axis, one under the other.
      for (const id of t.ids) {
        const box = layout.positions.get(id)!;
        expect(box.x + box.width / 2).toBe(0);
      }
      checkInvariants(t, layout, DEFAULT_GAP_X, DEFAULT_GAP_Y);
    }
  });

  it('lays out a deep tree with bushes along the way', () => {
    const t = chain(3000);
    const gen = prng.create(42);
    for (let i = 0; i < 3000; i += 3) {
      const kids = t.childrenOf.get(t.ids[i]!)!;
      for (let k = prng.int32(gen, 1, 3); k > 0; k--) {
        const id = `b${i}.${k}`;
        kids.push(id);
        t.childrenOf.set(id, []);
        t.ids.push(id);
        t.sizes.set(id, { width: prng.int32(gen, 20, 200), height: prng.int32(gen, 10, 60) });
      }
    }
    checkInvariants(t, run(t), DEFAULT_GAP_X, DEFAULT_GAP_Y);
  });
});

describe('the iterative engine', () => {
  // Builds the engines' input from a random tree, without recursion.
  function tidyInput(t: RandomTree): TidyNode {
    const make = (id: string): TidyNode => ({
      id,
      xSize: t.sizes.get(id)!.width,
      ySize: t.sizes.get(id)!.height + 30,
      children: [],
    });
    const root = make(t.rootId);
    const stack = [root];
    while (stack.length > 0) {
      const node = stack.pop()!;
      for (const kid of t.childrenOf.get(node.id)!) {
        const child = make(kid);
        node.children.push(child);
        stack.push(child);
      }
    }
    return root;
  }

  it('matches d3-flextree exactly, on random trees and deep ones it can still handle', () => {
    const trees = [
      ...Array.from({ length: 30 }, (_, i) => randomTree(500 + i, 20 + i * 20)),
      chain(FLEXTREE_MAX_DEPTH),
    ];
    for (const t of trees) {
      const input = tidyInput(t);
      for (const spacing of [0, 17.5]) {
        const expected = tidyWithFlextree(input, spacing);
        const actual = tidyTree(input, spacing);
        expect([...actual].sort()).toEqual([...expected].sort());
      }
    }
  });
});
