/**
 * What changed in a tree since a snapshot: the nodes added, and the nodes whose
 * content or place differ. Compared on read, validated data, so the answer does not
 * depend on how Yjs happened to encode either state.
 */
import type { NodeData } from '../model';

export interface TreeLike {
  order: readonly string[];
  parentOf: ReadonlyMap<string, string>;
  childrenOf: ReadonlyMap<string, readonly string[]>;
  nodes: ReadonlyMap<string, NodeData>;
}

/**
 * Each node's index among the siblings it has under the same parent in both trees:
 * a sibling added or taken away does not make the others count as moved.
 */
function places(t: TreeLike, other: TreeLike): Map<string, number> {
  const out = new Map<string, number>();
  for (const [parent, kids] of t.childrenOf)
    kids.filter((id) => other.parentOf.get(id) === parent).forEach((id, i) => out.set(id, i));
  return out;
}

/** The parts of a node a person sees change (not its internal order keys or clocks). */
function visible(node: NodeData): string {
  const { id: _id, pos: _pos, deleted: _deleted, editedAt: _e, createdAt: _c, ...rest } = node;
  return JSON.stringify({
    ...rest,
    measures: node.measures.map(({ updatedAt: _u, ...m }) => m),
  });
}

/** Live nodes of `now` that are new since `then` or differ from it, by id. */
export function changedSince(then: TreeLike, now: TreeLike): Map<string, 'added' | 'changed'> {
  const out = new Map<string, 'added' | 'changed'>();
  const before = new Set(then.order);
  const placeThen = places(then, now);
  const placeNow = places(now, then);
  for (const id of now.order) {
    if (!before.has(id)) {
      out.set(id, 'added');
      continue;
    }
    const a = then.nodes.get(id)!;
    const b = now.nodes.get(id)!;
    const moved =
      then.parentOf.get(id) !== now.parentOf.get(id) || placeThen.get(id) !== placeNow.get(id);
    if (moved || visible(a) !== visible(b)) out.set(id, 'changed');
  }
  return out;
}
