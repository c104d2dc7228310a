/**
 * The canvas's part in follow me: tells this user's view store the zoom the canvas
 * settled on (the facilitator's screen shares it), and zooms to what the room asks
 * (a follower's screen). Rendered inside the canvas's ReactFlow.
 */
import { useOnViewportChange, useReactFlow } from '@xyflow/react';
import { useEffect } from 'react';
import { useDocument } from '../document/document-context';

export function FollowZoom() {
  const { view } = useDocument();
  const flow = useReactFlow();
  useOnViewportChange({
    onEnd: (viewport) => view.getState().setZoom(Math.round(viewport.zoom * 100) / 100),
  });
  useEffect(
    () =>
      view.subscribe((s, before) => {
        if (s.zoomRequest && s.zoomRequest !== before.zoomRequest)
          void flow.zoomTo(s.zoomRequest.zoom, { duration: 200 });
      }),
    [view, flow],
  );
  return null;
}
