import * as prng from 'lib0/prng';
import { describe, expect, it } from 'vitest';
import {
  isAncestorOrSelf,
  resolveTree,
  subtreeOf,
  type ResolvedTree,
  type TreeInput,
} from '../../../shared/model';

const ROOT = 'root';

interface Opts {
  order?: string;
  seq?: number;
  client?: number;
  prev?: string | null;
  deleted?: boolean;
}

function n(id: string, parent: string | null, o: Opts = {}): TreeInput {
  return {
    id,
    pos: {
      parent,
      order: o.order ?? 'a0',
      seq: o.seq ?? 1,
      client: o.client ?? 1,
      prev: o.prev ?? null,
    },
    deleted: o.deleted ?? false,
  };
}

const root = (o: Opts = {}) => n(ROOT, null, o);

/** Everything a view can see, in a stable comparable form. */
function snapshot(tree: ResolvedTree) {
  const sorted = <V>(m: Map<string, V>) =>
    [...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return {
    rootId: tree.rootId,
    parentOf: sorted(tree.parentOf),
    childrenOf: sorted(tree.childrenOf),
    order: tree.order,
    depthOf: sorted(tree.depthOf),
    repairs: sorted(tree.repairs),
  };
}

/** Asserts the resolved tree is a tree: every live node reaches the root, each once. */
function expectValidTree(tree: ResolvedTree) {
  expect(tree.order[0]).toBe(tree.rootId);
  expect(new Set(tree.order).size).toBe(tree.order.length);
  for (const id of tree.order) {
    let cur: string | undefined = id;
    let hops = 0;
    while (cur !== undefined && cur !== tree.rootId && hops <= tree.order.length) {
      cur = tree.parentOf.get(cur);
      hops++;
    }
    expect(cur, `${id} reaches the root`).toBe(tree.rootId);
  }
}

describe('resolveTree: basics', () => {
  it('returns an empty tree when the root id is null or not among the inputs', () => {
    for (const rootId of [null, 'missing']) {
      const tree = resolveTree([n('a', 'missing'), n('b', 'a')], rootId);
      expect(tree.rootId).toBeNull();
      expect(tree.order).toEqual([]);
      expect(tree.parentOf.size).toBe(0);
      expect(tree.childrenOf.size).toBe(0);
      expect(tree.depthOf.size).toBe(0);
    }
  });

  it('a lone root has an empty child list and depth 0', () => {
    const tree = resolveTree([root()], ROOT);
    expect(tree.rootId).toBe(ROOT);
    expect(tree.order).toEqual([ROOT]);
    expect(tree.childrenOf.get(ROOT)).toEqual([]);
    expect(tree.depthOf.get(ROOT)).toBe(0);
    expect(tree.parentOf.has(ROOT)).toBe(false);
  });

  it('walks depth first in display order with depths', () => {
    const tree = resolveTree(
      [
        root(),
        n('g1', ROOT, { order: 'a0' }),
        n('g2', ROOT, { order: 'a1' }),
        n('b1', 'g1'),
        n('i1', 'b1'),
        n('b2', 'g2'),
      ],
      ROOT,
    );
    expect(tree.order).toEqual([ROOT, 'g1', 'b1', 'i1', 'g2', 'b2']);
    expect(Object.fromEntries(tree.depthOf)).toEqual({
      root: 0,
      g1: 1,
      b1: 2,
      i1: 3,
      g2: 1,
      b2: 2,
    });
    expect(tree.repairs.size).toBe(0);
    expectValidTree(tree);
  });

  it('ignores a parent stored on the root itself', () => {
    const tree = resolveTree([n(ROOT, 'a'), n('a', ROOT)], ROOT);
    expect(tree.order).toEqual([ROOT, 'a']);
    expect(tree.parentOf.has(ROOT)).toBe(false);
    expect(tree.repairs.size).toBe(0);
  });
});

describe('resolveTree: orphans', () => {
  it.each([
    ['a missing parent', 'ghost'],
    ['no parent', null],
    ['itself as parent', 'x'],
  ])('hangs a node with %s under the root', (_label, parent) => {
    const tree = resolveTree([root(), n('x', parent), n('child', 'x')], ROOT);
    expect(tree.parentOf.get('x')).toBe(ROOT);
    expect(tree.parentOf.get('child')).toBe('x');
    expect(tree.repairs.get('x')).toBe('orphan');
    expect(tree.repairs.has('child')).toBe(false);
    expectValidTree(tree);
  });
});

describe('resolveTree: cycles', () => {
  it('breaks a 2-cycle at the later move (higher seq), sending it back to prev', () => {
    const tree = resolveTree(
      [
        root(),
        n('p', ROOT),
        n('a', 'b', { seq: 5, prev: ROOT }),
        n('b', 'a', { seq: 6, prev: 'p' }),
      ],
      ROOT,
    );
    expect(tree.parentOf.get('b')).toBe('p');
    expect(tree.parentOf.get('a')).toBe('b');
    expect(tree.repairs.get('b')).toBe('cycle');
    expect(tree.repairs.has('a')).toBe(false);
    expectValidTree(tree);
  });

  it('uses the client id when seqs tie, then the node id', () => {
    const byClient = resolveTree(
      [
        root(),
        n('p', ROOT),
        n('a', 'b', { seq: 5, client: 9, prev: 'p' }),
        n('b', 'a', { seq: 5, client: 2, prev: 'p' }),
      ],
      ROOT,
    );
    expect(byClient.parentOf.get('a')).toBe('p');
    expect(byClient.parentOf.get('b')).toBe('a');

    const byId = resolveTree(
      [
        root(),
        n('p', ROOT),
        n('a', 'b', { seq: 5, client: 3, prev: 'p' }),
        n('b', 'a', { seq: 5, client: 3, prev: 'p' }),
      ],
      ROOT,
    );
    expect(byId.parentOf.get('b')).toBe('p');
    expect(byId.parentOf.get('a')).toBe('b');
  });

  it('breaks a 3-cycle at its latest member', () => {
    const tree = resolveTree(
      [
        root(),
        n('p', ROOT),
        n('a', 'b', { seq: 7, prev: ROOT }),
        n('b', 'c', { seq: 3, prev: ROOT }),
        n('c', 'a', { seq: 4, prev: 'p' }),
      ],
      ROOT,
    );
    expect(tree.parentOf.get('a')).toBe(ROOT);
    expect(tree.parentOf.get('b')).toBe('c');
    expect(tree.parentOf.get('c')).toBe('a');
    expect([...tree.repairs]).toEqual([['a', 'cycle']]);
    expect(tree.order).toEqual([ROOT, 'a', 'c', 'b', 'p']);
    expectValidTree(tree);
  });

  it('sends the node to the root when going back to prev still closes a cycle', () => {
    // b's prev is a, its partner in the cycle.
    const two = resolveTree(
      [root(), n('a', 'b', { seq: 5, prev: ROOT }), n('b', 'a', { seq: 6, prev: 'a' })],
      ROOT,
    );
    expect(two.parentOf.get('b')).toBe(ROOT);
    expect(two.parentOf.get('a')).toBe('b');
    expectValidTree(two);

    // c's prev is b, which hangs under c: going back forms the cycle b ↔ c.
    const three = resolveTree(
      [
        root(),
        n('a', 'b', { seq: 1, prev: ROOT }),
        n('b', 'c', { seq: 2, prev: ROOT }),
        n('c', 'a', { seq: 3, prev: 'b' }),
      ],
      ROOT,
    );
    expect(three.parentOf.get('c')).toBe(ROOT);
    expect(three.parentOf.get('b')).toBe('c');
    expect(three.parentOf.get('a')).toBe('b');
    expect(three.repairs.get('c')).toBe('cycle');
    expectValidTree(three);
  });

  it.each([
    ['missing', 'ghost'],
    ['null', null],
    ['the node itself', 'b'],
  ])('sends the node to the root when prev is %s', (_label, prev) => {
    const tree = resolveTree(
      [root(), n('a', 'b', { seq: 5, prev: ROOT }), n('b', 'a', { seq: 6, prev })],
      ROOT,
    );
    expect(tree.parentOf.get('b')).toBe(ROOT);
    expect(tree.parentOf.get('a')).toBe('b');
    expectValidTree(tree);
  });

  it('breaks two disjoint cycles, each at its own latest move', () => {
    const tree = resolveTree(
      [
        root(),
        n('p', ROOT),
        n('a', 'b', { seq: 10, prev: 'p' }),
        n('b', 'a', { seq: 2, prev: ROOT }),
        n('c', 'd', { seq: 3, prev: ROOT }),
        n('d', 'c', { seq: 4, prev: 'p' }),
        n('e', 'c'),
      ],
      ROOT,
    );
    expect(tree.parentOf.get('a')).toBe('p');
    expect(tree.parentOf.get('b')).toBe('a');
    expect(tree.parentOf.get('d')).toBe('p');
    expect(tree.parentOf.get('c')).toBe('d');
    expect(tree.parentOf.get('e')).toBe('c');
    expect(new Map(tree.repairs)).toEqual(
      new Map([
        ['a', 'cycle'],
        ['d', 'cycle'],
      ]),
    );
    expectValidTree(tree);
  });

  it('the cycle fallback to a deleted prev is rescued to a live ancestor', () => {
    const tree = resolveTree(
      [
        root(),
        n('gone', ROOT, { deleted: true }),
        n('a', 'b', { seq: 5, prev: ROOT }),
        n('b', 'a', { seq: 6, prev: 'gone' }),
      ],
      ROOT,
    );
    expect(tree.parentOf.get('b')).toBe(ROOT);
    expect(tree.parentOf.get('a')).toBe('b');
    expect(tree.order).not.toContain('gone');
    expect(tree.repairs.get('b')).toBe('cycle');
  });
});

describe('resolveTree: deletion', () => {
  it('hides deleted nodes and rescues live children to the nearest live ancestor', () => {
    const tree = resolveTree(
      [
        root(),
        n('g', ROOT),
        n('d1', 'g', { deleted: true }),
        n('d2', 'd1', { deleted: true }),
        n('x', 'd2', { order: 'a1' }),
        n('y', 'd1', { order: 'a0' }),
        n('deadLeaf', 'g', { deleted: true }),
      ],
      ROOT,
    );
    expect(tree.order).toEqual([ROOT, 'g', 'y', 'x']);
    expect(tree.parentOf.get('x')).toBe('g');
    expect(tree.parentOf.get('y')).toBe('g');
    expect(tree.parentOf.has('d1')).toBe(false);
    expect(tree.childrenOf.has('d1')).toBe(false);
    expect(tree.depthOf.has('d2')).toBe(false);
    expect(tree.repairs.get('x')).toBe('rescued');
    expect(tree.repairs.get('y')).toBe('rescued');
    expect(tree.repairs.has('d1')).toBe(false);
    expectValidTree(tree);
  });

  it('deleted children of a deleted node stay hidden', () => {
    const tree = resolveTree(
      [root(), n('d', ROOT, { deleted: true }), n('e', 'd', { deleted: true })],
      ROOT,
    );
    expect(tree.order).toEqual([ROOT]);
    expect(tree.childrenOf.get(ROOT)).toEqual([]);
  });

  it('never hides the root, even when marked deleted', () => {
    const tree = resolveTree([root({ deleted: true }), n('a', ROOT)], ROOT);
    expect(tree.order).toEqual([ROOT, 'a']);
  });
});

describe('resolveTree: sibling order', () => {
  it('orders siblings by (order key, id), also with equal keys', () => {
    const tree = resolveTree(
      [
        root(),
        n('c', ROOT, { order: 'a1' }),
        n('d', ROOT, { order: 'a0' }),
        n('a', ROOT, { order: 'a1' }),
        n('b', ROOT, { order: 'a0' }),
        n('e', ROOT, { order: 'a0V' }),
      ],
      ROOT,
    );
    expect(tree.childrenOf.get(ROOT)).toEqual(['b', 'd', 'e', 'a', 'c']);
  });

  it('sorts by code unit order, not locale order', () => {
    const tree = resolveTree(
      [root(), n('x', ROOT, { order: 'a0' }), n('y', ROOT, { order: 'Zz' })],
      ROOT,
    );
    expect(tree.childrenOf.get(ROOT)).toEqual(['y', 'x']);
  });
});

describe('resolveTree: determinism', () => {
  /** A messy tree: cycles (some nested through prev), orphans, deletions, equal keys. */
  function messyInputs(): TreeInput[] {
    return [
      root(),
      n('g1', ROOT, { order: 'a0' }),
      n('g2', ROOT, { order: 'a0' }),
      n('b1', 'g1', { order: 'a1' }),
      n('b2', 'g1', { order: 'a1', deleted: true }),
      n('i1', 'b2'),
      n('i2', 'b2', { order: 'Zz' }),
      n('c1', 'c2', { seq: 9, client: 4, prev: 'c3' }),
      n('c2', 'c3', { seq: 9, client: 4, prev: 'g2' }),
      n('c3', 'c1', { seq: 9, client: 5, prev: 'c2' }),
      n('c4', 'c3'),
      n('d1', 'd2', { seq: 2, prev: 'b1' }),
      n('d2', 'd1', { seq: 3, prev: 'd1' }),
      n('o1', 'nowhere'),
      n('o2', 'o2'),
      n('e1', 'e2', { seq: 8, deleted: true, prev: 'g2' }),
      n('e2', 'e1', { seq: 1, prev: ROOT }),
      n('e3', 'e1', { order: 'a5' }),
    ];
  }

  it('resolves the messy tree to a valid tree', () => {
    const tree = resolveTree(messyInputs(), ROOT);
    expectValidTree(tree);
    const live = messyInputs().filter((i) => !i.deleted || i.id === ROOT);
    expect(new Set(tree.order)).toEqual(new Set(live.map((i) => i.id)));
  });

  it('gives the same result for every input order', () => {
    const expected = snapshot(resolveTree(messyInputs(), ROOT));
    const gen = prng.create(1234);
    for (let round = 0; round < 200; round++) {
      const shuffled = messyInputs();
      for (let i = shuffled.length - 1; i > 0; i--) {
        const j = prng.int32(gen, 0, i);
        [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
      }
      expect(snapshot(resolveTree(shuffled, ROOT))).toEqual(expected);
    }
  });

  it('random parent functions always resolve to valid, order-independent trees', () => {
    const gen = prng.create(42);
    for (let round = 0; round < 150; round++) {
      const ids = Array.from({ length: 8 }, (_, i) => `n${i}`);
      const pick = () => (prng.bool(gen) ? ROOT : prng.oneOf(gen, [...ids, 'ghost']));
      const inputs: TreeInput[] = [
        root(),
        ...ids.map((id) =>
          n(id, prng.oneOf(gen, [...ids, ROOT]), {
            seq: prng.int32(gen, 0, 4),
            client: prng.int32(gen, 1, 2),
            prev: prng.bool(gen) ? pick() : null,
            deleted: prng.int32(gen, 0, 5) === 0,
            order: prng.oneOf(gen, ['a0', 'a1', 'a2']),
          }),
        ),
      ];
      const tree = resolveTree(inputs, ROOT);
      expectValidTree(tree);
      expect(snapshot(resolveTree([...inputs].reverse(), ROOT))).toEqual(snapshot(tree));
    }
  });
});

describe('tree helpers', () => {
  const tree = resolveTree(
    [
      root(),
      n('a', ROOT, { order: 'a0' }),
      n('b', 'a', { order: 'a0' }),
      n('c', 'a', { order: 'a1' }),
      n('d', ROOT, { order: 'a1' }),
    ],
    ROOT,
  );

  it('isAncestorOrSelf', () => {
    expect(isAncestorOrSelf(tree, 'a', 'a')).toBe(true);
    expect(isAncestorOrSelf(tree, 'a', 'c')).toBe(true);
    expect(isAncestorOrSelf(tree, ROOT, 'b')).toBe(true);
    expect(isAncestorOrSelf(tree, 'b', 'a')).toBe(false);
    expect(isAncestorOrSelf(tree, 'a', 'd')).toBe(false);
  });

  it('subtreeOf lists a node and its descendants depth first', () => {
    expect(subtreeOf(tree, 'a')).toEqual(['a', 'b', 'c']);
    expect(subtreeOf(tree, 'd')).toEqual(['d']);
    expect(subtreeOf(tree, ROOT)).toEqual(tree.order);
  });
});
