/**
 * What keeps a 2,000-card canvas cheap to update: node objects and handle lists that
 * are reused while nothing about them changed (React Flow compares by reference).
 */
import { Position, type NodeHandle } from '@xyflow/react';
import type { CardData, CardNode } from './NodeCard';

const HANDLE = 6;
/** Cards come in a few sizes, so their handle lists are made once per size and shared. */
const handlesBySize = new Map<string, NodeHandle[]>();
export function cardHandles(width: number, height: number): NodeHandle[] {
  const key = `${width}x${height}`;
  let handles = handlesBySize.get(key);
  if (!handles) {
    const x = width / 2 - HANDLE / 2;
    const size = { width: HANDLE, height: HANDLE };
    handles = [
      { type: 'target', position: Position.Top, x, y: -HANDLE / 2, ...size },
      { type: 'source', position: Position.Bottom, x, y: height - HANDLE / 2, ...size },
    ];
    handlesBySize.set(key, handles);
  }
  return handles;
}

export function overlap(a: CardNode, b: CardNode): number {
  const aw = a.measured?.width ?? a.width ?? 0;
  const ah = a.measured?.height ?? a.height ?? 0;
  const bw = b.measured?.width ?? b.width ?? 0;
  const bh = b.measured?.height ?? b.height ?? 0;
  const w = Math.min(a.position.x + aw, b.position.x + bw) - Math.max(a.position.x, b.position.x);
  const h = Math.min(a.position.y + ah, b.position.y + bh) - Math.max(a.position.y, b.position.y);
  return Math.max(0, w) * Math.max(0, h);
}

/**
 * Reuses a card's data object, and its node object, while every field is unchanged.
 * Entries for cards that are no longer shown are dropped on the next pass.
 */
export function createCardCache() {
  let data = new Map<string, CardData>();
  let nodes = new Map<string, CardNode>();
  return {
    begin() {
      const previousData = data;
      const previousNodes = nodes;
      data = new Map();
      nodes = new Map();
      return {
        data(id: string, fields: CardData): CardData {
          const prev = previousData.get(id);
          const same =
            prev !== undefined &&
            (Object.keys(fields) as Array<keyof CardData>).every((k) => prev[k] === fields[k]);
          const result = same ? prev : fields;
          data.set(id, result);
          return result;
        },
        node(next: CardNode): CardNode {
          const prev = previousNodes.get(next.id);
          const same =
            prev !== undefined &&
            prev.data === next.data &&
            prev.position.x === next.position.x &&
            prev.position.y === next.position.y &&
            prev.width === next.width &&
            prev.height === next.height &&
            prev.selected === next.selected &&
            prev.draggable === next.draggable &&
            prev.ariaLabel === next.ariaLabel;
          const result = same ? prev : next;
          nodes.set(next.id, result);
          return result;
        },
      };
    },
  };
}
