/**
 * d3-flextree itself, as the reference the layout engine (shared/layout/tidy-tree.ts,
 * a port of it) must agree with exactly.
 */
import { flextree } from 'd3-flextree';
import type { TidyNode, TidyPlacement } from '../../../shared/layout/tidy-tree';

/**
 * d3-flextree recurses once per level (three or so frames per level): under Node's
 * default stack it overflows between depth 2,100 and 2,500, so compare below that.
 */
export const FLEXTREE_MAX_DEPTH = 500;

export function tidyWithFlextree(root: TidyNode, spacing: number): Map<string, TidyPlacement> {
  const layout = flextree<TidyNode>({
    children: (d) => (d.children.length > 0 ? d.children : undefined),
    nodeSize: (n) => [n.data.xSize, n.data.ySize],
    spacing,
  });
  const laidOut = layout(layout.hierarchy(root));
  const out = new Map<string, TidyPlacement>();
  for (const n of laidOut.descendants()) out.set(n.data.id, { x: n.x, y: n.y });
  return out;
}
