/**
 * Resolves the shared positions of nodes into one valid tree. Pure and
 * deterministic: the result depends only on the set of positions, never on the
 * order in which updates arrived, so every replica computes the same tree.
 *
 * Rules, applied in this order:
 *  1. A node whose parent is missing, itself, or unreadable hangs under the root.
 *  2. Cycles (possible when peers concurrently move nodes under each other) are
 *     broken at the member with the latest move (highest seq, then client, then id):
 *     that move is undone by sending the node back to the parent it left (`prev`),
 *     or to the root if that still closes a cycle. All cycles found in one pass are
 *     broken together, so the result does not depend on which one is found first.
 *  3. A live node under a deleted one is rescued to its nearest live ancestor: a
 *     child added concurrently with a subtree deletion is never lost.
 *  4. Siblings are ordered by (order key, id).
 */
import type { NodePosition } from './schema';

export interface TreeInput {
  id: string;
  pos: NodePosition;
  deleted: boolean;
}

export type RepairReason = 'orphan' | 'cycle' | 'rescued';

export interface ResolvedTree {
  rootId: string | null;
  /** Effective parent of every live node except the root. */
  parentOf: Map<string, string>;
  /** Live children in display order (root included as a key even when childless). */
  childrenOf: Map<string, string[]>;
  /** Live node ids in depth-first display order, root first. */
  order: string[];
  depthOf: Map<string, number>;
  /** Nodes placed somewhere other than their stored parent, and why. */
  repairs: Map<string, RepairReason>;
}

const later = (a: TreeInput, b: TreeInput): boolean => {
  if (a.pos.seq !== b.pos.seq) return a.pos.seq > b.pos.seq;
  if (a.pos.client !== b.pos.client) return a.pos.client > b.pos.client;
  return a.id > b.id;
};

const byOrderThenId = (inputs: Map<string, TreeInput>) => (a: string, b: string) => {
  const oa = inputs.get(a)!.pos.order;
  const ob = inputs.get(b)!.pos.order;
  if (oa !== ob) return oa < ob ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
};

export function resolveTree(nodes: Iterable<TreeInput>, rootId: string | null): ResolvedTree {
  const inputs = new Map<string, TreeInput>();
  for (const n of nodes) inputs.set(n.id, n);
  const repairs = new Map<string, RepairReason>();
  const empty: ResolvedTree = {
    rootId: null,
    parentOf: new Map(),
    childrenOf: new Map(),
    order: [],
    depthOf: new Map(),
    repairs,
  };
  if (rootId === null || !inputs.has(rootId)) return empty;

  // Rule 1: every non-root node gets a parent that exists.
  const parent = new Map<string, string>();
  for (const n of inputs.values()) {
    if (n.id === rootId) continue;
    const p = n.pos.parent;
    if (p === null || p === n.id || !inputs.has(p)) {
      parent.set(n.id, rootId);
      repairs.set(n.id, 'orphan');
    } else {
      parent.set(n.id, p);
    }
  }

  // Rule 2: break cycles until none is left. Each node is re-pointed at most twice
  // (to prev, then to the root), so this terminates.
  const attempts = new Map<string, number>();
  for (;;) {
    const cycles = findCycles(parent, rootId);
    if (cycles.length === 0) break;
    for (const cycle of cycles) {
      let pick = inputs.get(cycle[0]!)!;
      for (const id of cycle) {
        const candidate = inputs.get(id)!;
        if (later(candidate, pick)) pick = candidate;
      }
      const tried = attempts.get(pick.id) ?? 0;
      const prev = pick.pos.prev;
      const fallback =
        tried === 0 && prev !== null && prev !== pick.id && inputs.has(prev) ? prev : rootId;
      attempts.set(pick.id, tried + 1);
      parent.set(pick.id, fallback);
      repairs.set(pick.id, 'cycle');
    }
  }

  // Rule 3: live nodes hang under their nearest live ancestor.
  const isLive = (id: string) => id === rootId || !inputs.get(id)!.deleted;
  const liveParent = new Map<string, string>();
  for (const id of parent.keys()) {
    if (!isLive(id)) continue;
    let p = parent.get(id)!;
    let rescued = false;
    while (!isLive(p)) {
      p = parent.get(p)!;
      rescued = true;
    }
    liveParent.set(id, p);
    if (rescued && !repairs.has(id)) repairs.set(id, 'rescued');
  }

  // Rule 4: children in (order, id) order; then a depth-first walk.
  const childrenOf = new Map<string, string[]>([[rootId, []]]);
  for (const [id, p] of liveParent) {
    let list = childrenOf.get(p);
    if (!list) childrenOf.set(p, (list = []));
    list.push(id);
  }
  const compare = byOrderThenId(inputs);
  for (const list of childrenOf.values()) list.sort(compare);

  const order: string[] = [];
  const depthOf = new Map<string, number>();
  const stack: Array<[string, number]> = [[rootId, 0]];
  while (stack.length > 0) {
    const [id, depth] = stack.pop()!;
    order.push(id);
    depthOf.set(id, depth);
    const kids = childrenOf.get(id);
    if (kids) for (let i = kids.length - 1; i >= 0; i--) stack.push([kids[i]!, depth + 1]);
  }
  return { rootId, parentOf: liveParent, childrenOf, order, depthOf, repairs };
}

/**
 * Cycles of the parent function (each node has one parent; the root has none).
 * Iterative colouring, O(n): 0 unvisited, 1 on the current path, 2 done.
 */
function findCycles(parent: Map<string, string>, rootId: string): string[][] {
  const state = new Map<string, 1 | 2>([[rootId, 2]]);
  const cycles: string[][] = [];
  for (const start of parent.keys()) {
    if (state.has(start)) continue;
    const path: string[] = [];
    let cur: string | undefined = start;
    while (cur !== undefined && !state.has(cur)) {
      state.set(cur, 1);
      path.push(cur);
      cur = parent.get(cur);
    }
    if (cur !== undefined && state.get(cur) === 1) {
      cycles.push(path.slice(path.indexOf(cur)));
    }
    for (const id of path) state.set(id, 2);
  }
  return cycles;
}

/** True when `ancestor` is `id` or one of its ancestors in the resolved tree. */
export function isAncestorOrSelf(
  tree: { parentOf: ReadonlyMap<string, string> },
  ancestor: string,
  id: string,
): boolean {
  let cur: string | undefined = id;
  while (cur !== undefined) {
    if (cur === ancestor) return true;
    cur = tree.parentOf.get(cur);
  }
  return false;
}

/** All live descendants of `id`, including itself, depth first. */
export function subtreeOf(tree: ResolvedTree, id: string): string[] {
  const out: string[] = [];
  const stack = [id];
  while (stack.length > 0) {
    const cur = stack.pop()!;
    out.push(cur);
    const kids = tree.childrenOf.get(cur);
    if (kids) for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]!);
  }
  return out;
}
