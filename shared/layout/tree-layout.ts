/**
 * Tidy top-down layout of a resolved tree for the canvas: root at the top, each
 * parent centred over the span of its children, siblings and cousins packed as
 * close as `gapX` allows even when node sizes differ (the algorithm of d3-flextree,
 * see tidy-tree.ts). O(n), pure and
 * deterministic: the output depends only on the tree, the sizes and the options.
 */
import type { ResolvedTree } from '../model/tree';
import { tidyTree, type TidyNode } from './tidy-tree';

export interface NodeSize {
  width: number;
  height: number;
}

/** Top-left corner (React Flow's convention) and size, in integer canvas units. */
export interface NodeBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Bounds {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

export interface LayoutOptions {
  /** Least horizontal space between any two boxes. */
  gapX?: number;
  /** Vertical space between a parent's bottom and its children's top. */
  gapY?: number;
  /** Nodes shown without their descendants. */
  collapsed?: ReadonlySet<string>;
}

export interface TreeLayout {
  positions: Map<string, NodeBox>;
  /** Bounding box of all boxes; all zero for an empty tree. */
  bounds: Bounds;
}

export const DEFAULT_GAP_X = 24;
export const DEFAULT_GAP_Y = 64;

// Gaps are whole units and sizes are rounded up, so every coordinate the engine
// computes vertically is an integer and horizontally a multiple of 0.5: rounding
// to integer positions can then neither overlap two boxes nor eat into a gap.
const gap = (value: number | undefined, fallback: number) =>
  value !== undefined && Number.isFinite(value) ? Math.max(0, Math.round(value)) : fallback;
// Unmeasured nodes (React Flow reports no size before the first render) count as empty.
const measured = (value: number) => (Number.isFinite(value) && value > 0 ? value : 0);
const extent = (value: number) => Math.ceil(measured(value));
// Math.round(-0.4) is -0; keep positions free of it so equal layouts compare equal.
const int = (value: number) => Math.round(value) || 0;

export function layoutTree(
  tree: { rootId: ResolvedTree['rootId']; childrenOf: ReadonlyMap<string, readonly string[]> },
  size: (id: string) => NodeSize,
  options: LayoutOptions = {},
): TreeLayout {
  const positions = new Map<string, NodeBox>();
  if (tree.rootId === null) return { positions, bounds: { minX: 0, minY: 0, maxX: 0, maxY: 0 } };
  const gapX = gap(options.gapX, DEFAULT_GAP_X);
  const gapY = gap(options.gapY, DEFAULT_GAP_Y);
  const collapsed = options.collapsed;

  // Build the visible tree with an explicit stack: trees can be deeper than the
  // call stack. `sizes` doubles as the visited set, so even a malformed
  // childrenOf (a cycle, a node listed twice) cannot loop or place a node twice.
  const sizes = new Map<string, NodeSize>();
  const visit = (id: string): TidyNode => {
    const s = size(id);
    sizes.set(id, s);
    return { id, xSize: extent(s.width), ySize: extent(s.height) + gapY, children: [] };
  };
  const root = visit(tree.rootId);
  const stack: TidyNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (collapsed?.has(node.id)) continue;
    for (const kid of tree.childrenOf.get(node.id) ?? []) {
      if (sizes.has(kid)) continue;
      const child = visit(kid);
      node.children.push(child);
      stack.push(child);
    }
  }

  const placed = tidyTree(root, gapX);

  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const [id, s] of sizes) {
    const p = placed.get(id)!;
    const width = measured(s.width);
    const height = measured(s.height);
    // Centre by the rounded-up width the engine used, so the box stays inside its slot.
    const box = { x: int(p.x - extent(s.width) / 2), y: int(p.y), width, height };
    positions.set(id, box);
    minX = Math.min(minX, box.x);
    minY = Math.min(minY, box.y);
    maxX = Math.max(maxX, box.x + width);
    maxY = Math.max(maxY, box.y + height);
  }
  return { positions, bounds: { minX, minY, maxX, maxY } };
}
