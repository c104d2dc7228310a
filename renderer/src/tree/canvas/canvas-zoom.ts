/**
 * Zooming to the whole tree or to one card, from our layout rather than from React
 * Flow's nodes: on a large tree React Flow holds only the cards near the view
 * (card-window.ts), so its fitView would fit those, and could not find a card far
 * away (a search match, the selection after a jump).
 */
import { getViewportForBounds, useReactFlow, useStoreApi } from '@xyflow/react';
import { useMemo, type RefObject } from 'react';
import type { TreeLayout } from '../../../../shared/layout/tree-layout';

export interface CanvasZoom {
  /** The whole tree as shown (or the focused subtree). */
  fitAll(): void;
  /** One card, no closer than `maxZoom`. */
  fitCard(id: string, maxZoom: number): void;
}

const DURATION = 300;
const PADDING = 0.1;

/** The zoom actions of a canvas whose latest layout is in `layout`. */
export function useCanvasZoom(layout: RefObject<TreeLayout>): CanvasZoom {
  const flow = useReactFlow();
  const api = useStoreApi();
  return useMemo(() => {
    const fit = (x: number, y: number, width: number, height: number, maxZoom: number) => {
      const s = api.getState();
      // The pane as laid out now, not as React Flow last measured it: selecting a card
      // opens the details panel, which narrows the pane before React Flow hears of it.
      const pane = s.domNode?.getBoundingClientRect();
      const paneWidth = pane?.width || s.width;
      const paneHeight = pane?.height || s.height;
      if (!paneWidth || !paneHeight || width <= 0 || height <= 0) return;
      const viewport = getViewportForBounds(
        { x, y, width, height },
        paneWidth,
        paneHeight,
        s.minZoom,
        maxZoom,
        PADDING,
      );
      void flow.setViewport(viewport, { duration: DURATION });
    };
    return {
      fitAll() {
        const { minX, minY, maxX, maxY } = layout.current.bounds;
        fit(minX, minY, maxX - minX, maxY - minY, api.getState().maxZoom);
      },
      fitCard(id, maxZoom) {
        const box = layout.current.positions.get(id);
        if (box) fit(box.x, box.y, box.width, box.height, maxZoom);
      },
    };
  }, [flow, api, layout]);
}
