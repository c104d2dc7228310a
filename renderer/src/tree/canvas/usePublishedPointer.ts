import { useReactFlow } from '@xyflow/react';
import { useCallback, useEffect, useRef } from 'react';
import type { Awareness } from 'y-protocols/awareness';

/** Pointer positions are published at most this often (ms): smooth enough to follow. */
const CURSOR_INTERVAL = 50;

/**
 * Publishes the pointer in flow coordinates (so it lands on the same card at any
 * zoom), throttled, with the last position always sent.
 */
export function usePublishedPointer(awareness: Awareness | undefined) {
  const flow = useReactFlow();
  const pending = useRef<{ x: number; y: number } | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => () => clearTimeout(timer.current ?? undefined), []);
  const leave = useCallback(() => {
    pending.current = null;
    awareness?.setLocalStateField('cursor', null);
  }, [awareness]);
  const move = useCallback(
    (e: React.PointerEvent) => {
      if (!awareness) return;
      const p = flow.screenToFlowPosition({ x: e.clientX, y: e.clientY });
      pending.current = { x: Math.round(p.x), y: Math.round(p.y) };
      if (timer.current) return;
      const flush = () => {
        timer.current = null;
        if (!pending.current) return;
        awareness.setLocalStateField('cursor', pending.current);
        pending.current = null;
        timer.current = setTimeout(flush, CURSOR_INTERVAL);
      };
      flush();
    },
    [awareness, flow],
  );
  return { move, leave };
}
