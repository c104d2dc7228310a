/**
 * The cards React Flow is given: on a large tree, only those near the view. React
 * Flow adopts every node and edge it is handed into its own store (internal nodes,
 * the connection lookup) before it culls to the ones in view: for 5,000 cards that
 * was about 110 ms of the open, and the same again whenever the node list changes.
 * Positions come from our layout, so what is off screen needs nothing from it.
 *
 * The window is the view grown by half a view on every side, and it is worked out
 * again only when the view leaves it (or shrinks to a small part of it): panning
 * within it re-renders nothing.
 */
import { useStoreApi } from '@xyflow/react';
import { useEffect, useRef, useState } from 'react';
import type { TreeLayout } from '../../../../shared/layout/tree-layout';

/** A rectangle in the canvas's own coordinates (those of the layout). */
export interface Area {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

type Box = { x: number; y: number; width: number; height: number };

/** How much of a view the window adds on each side. */
const MARGIN = 0.5;
/** A window this many times the view's area is narrowed again (after zooming in). */
const MAX_AREA_RATIO = 16;

/** What a viewport (React Flow's transform: x, y, zoom) shows of a `width`×`height` pane. */
export function viewArea(
  [tx, ty, zoom]: readonly [number, number, number],
  width: number,
  height: number,
): Area {
  return { x0: -tx / zoom, y0: -ty / zoom, x1: (width - tx) / zoom, y1: (height - ty) / zoom };
}

export function grow(a: Area, by: number): Area {
  const dx = (a.x1 - a.x0) * by;
  const dy = (a.y1 - a.y0) * by;
  return { x0: a.x0 - dx, y0: a.y0 - dy, x1: a.x1 + dx, y1: a.y1 + dy };
}

const size = (a: Area) => (a.x1 - a.x0) * (a.y1 - a.y0);

/** Whether the window `outer` still serves the view `inner`. */
export function serves(outer: Area, inner: Area): boolean {
  return (
    outer.x0 <= inner.x0 &&
    outer.y0 <= inner.y0 &&
    outer.x1 >= inner.x1 &&
    outer.y1 >= inner.y1 &&
    size(outer) <= MAX_AREA_RATIO * size(inner)
  );
}

const meets = (a: Area, x0: number, y0: number, x1: number, y1: number) =>
  x0 <= a.x1 && x1 >= a.x0 && y0 <= a.y1 && y1 >= a.y0;

/**
 * The cards to hand React Flow for `area`: each whose box meets it, and both ends of
 * each link whose bounds meet it (a link to a parent far to the side crosses the view).
 */
export function cardsIn(
  visible: readonly string[],
  positions: TreeLayout['positions'],
  parentOf: ReadonlyMap<string, string | null | undefined>,
  area: Area,
): Set<string> {
  const out = new Set<string>();
  for (const id of visible) {
    const box: Box | undefined = positions.get(id);
    if (!box) continue;
    if (meets(area, box.x, box.y, box.x + box.width, box.y + box.height)) out.add(id);
    const parentId = parentOf.get(id);
    const parent: Box | undefined = parentId ? positions.get(parentId) : undefined;
    if (
      parentId &&
      parent &&
      meets(
        area,
        Math.min(box.x, parent.x),
        Math.min(box.y, parent.y),
        Math.max(box.x + box.width, parent.x + parent.width),
        Math.max(box.y + box.height, parent.y + parent.height),
      )
    ) {
      out.add(id);
      out.add(parentId);
    }
  }
  return out;
}

/** The window around the view, while `enabled` (null otherwise: every card). */
export function useCardWindow(enabled: boolean): Area | null {
  const api = useStoreApi();
  const [area, setArea] = useState<Area | null>(() =>
    enabled ? windowAround(api.getState()) : null,
  );
  const current = useRef(area);
  useEffect(() => {
    const update = (next: Area | null) => {
      current.current = next;
      setArea(next);
    };
    if (!enabled) {
      if (current.current) update(null);
      return;
    }
    const check = (s: FlowState) => {
      if (!current.current || !serves(current.current, viewOf(s))) update(windowAround(s));
    };
    check(api.getState());
    return api.subscribe(check);
  }, [api, enabled]);
  return area;
}

type FlowState = ReturnType<ReturnType<typeof useStoreApi>['getState']>;

/** What the pane shows; before it is measured, the browser window's size stands in. */
const viewOf = (s: FlowState) =>
  viewArea(s.transform, s.width || globalThis.innerWidth, s.height || globalThis.innerHeight);

const windowAround = (s: FlowState) => grow(viewOf(s), MARGIN);
