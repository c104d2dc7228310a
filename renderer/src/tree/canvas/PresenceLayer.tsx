/**
 * Others on the canvas: a ring in their colour around the card they have selected,
 * and their pointer. Drawn in flow coordinates through React Flow's viewport portal,
 * so panning moves them for free; labels are counter-scaled to stay readable.
 */
import { useStore as useFlowStore, ViewportPortal } from '@xyflow/react';
import type { Awareness } from 'y-protocols/awareness';
import type { NodeBox } from '../../../../shared/layout/tree-layout';
import { usePeers } from '../../workshop/presence';

const RING = 5;

export function PresenceLayer({
  awareness,
  positions,
  titleOf,
}: {
  awareness: Awareness;
  positions: ReadonlyMap<string, NodeBox>;
  titleOf(id: string): string | undefined;
}) {
  const peers = usePeers(awareness);
  const zoom = useFlowStore((s) => s.transform[2]);
  if (!peers.length) return null;
  const labelScale = `scale(${1 / Math.max(zoom, 0.2)})`;
  return (
    <ViewportPortal>
      {peers.map((p) => {
        const box = p.selection ? positions.get(p.selection) : undefined;
        if (!box) return null;
        return (
          <div
            key={`sel-${p.clientId}`}
            className="remote-selection"
            role="img"
            aria-label={`${p.user.name} has selected “${titleOf(p.selection!) || 'untitled'}”`}
            style={{
              transform: `translate(${box.x - RING}px, ${box.y - RING}px)`,
              width: box.width + 2 * RING,
              height: box.height + 2 * RING,
              borderColor: p.user.color,
            }}
          >
            <span
              className="remote-label"
              style={{ background: p.user.color, transform: labelScale }}
            >
              {p.user.name}
            </span>
          </div>
        );
      })}
      {peers.map((p) =>
        p.cursor ? (
          <div
            key={`cur-${p.clientId}`}
            className="remote-cursor"
            role="img"
            aria-label={`${p.user.name}’s pointer`}
            style={{ transform: `translate(${p.cursor.x}px, ${p.cursor.y}px)` }}
          >
            <div className="remote-cursor-scale" style={{ transform: labelScale }}>
              <svg width="16" height="20" viewBox="0 0 16 20" aria-hidden="true">
                <path
                  d="M1 1 L1 16 L5 12 L8 19 L11 18 L8 11 L14 11 Z"
                  fill={p.user.color}
                  stroke="white"
                  strokeWidth="1.5"
                  strokeLinejoin="round"
                />
              </svg>
              <span className="remote-label" style={{ background: p.user.color }}>
                {p.user.name}
              </span>
            </div>
          </div>
        ) : null,
      )}
    </ViewportPortal>
  );
}
