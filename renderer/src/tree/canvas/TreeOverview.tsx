/**
 * The minimap: the whole tree drawn small, with the part in view outlined. Click or
 * drag in it to move there; scroll on it to zoom.
 *
 * Why not React Flow's <MiniMap>: it renders one SVG element per node, each
 * subscribed to the flow store, so every pan frame ran 2,000 selectors. Here the
 * cards are painted once on a <canvas> when the layout changes, and a pan frame
 * moves one rectangle.
 */
import { useReactFlow, useStore } from '@xyflow/react';
import { useCallback, useEffect, useMemo, useRef } from 'react';
import type { NodeKind } from '../../../../shared/model';

export interface OverviewBox {
  x: number;
  y: number;
  width: number;
  height: number;
  kind: NodeKind;
}

const WIDTH = 200;
const HEIGHT = 140;
const PAD = 8;

interface Props {
  boxes: OverviewBox[];
}

export function TreeOverview({ boxes }: Props) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const flow = useReactFlow();
  const [tx, ty, zoom] = useStore((s) => s.transform);
  const paneWidth = useStore((s) => s.width);
  const paneHeight = useStore((s) => s.height);

  // Flow coordinates → minimap pixels, fitted to the tree's bounds.
  const frame = useMemo(() => {
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    for (const b of boxes) {
      minX = Math.min(minX, b.x);
      minY = Math.min(minY, b.y);
      maxX = Math.max(maxX, b.x + b.width);
      maxY = Math.max(maxY, b.y + b.height);
    }
    if (!boxes.length) [minX, minY, maxX, maxY] = [0, 0, 1, 1];
    const scale = Math.min((WIDTH - 2 * PAD) / (maxX - minX), (HEIGHT - 2 * PAD) / (maxY - minY));
    const offsetX = PAD + (WIDTH - 2 * PAD - (maxX - minX) * scale) / 2 - minX * scale;
    const offsetY = PAD + (HEIGHT - 2 * PAD - (maxY - minY) * scale) / 2 - minY * scale;
    return { scale, offsetX, offsetY };
  }, [boxes]);

  const draw = useCallback(() => {
    const el = canvas.current;
    const ctx = el?.getContext('2d');
    if (!el || !ctx) return;
    const ratio = window.devicePixelRatio || 1;
    el.width = WIDTH * ratio;
    el.height = HEIGHT * ratio;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, WIDTH, HEIGHT);
    const style = getComputedStyle(el);
    const colour = {
      vision: style.getPropertyValue('--kind-vision'),
      goal: style.getPropertyValue('--kind-goal'),
      bet: style.getPropertyValue('--kind-bet'),
      initiative: style.getPropertyValue('--kind-initiative'),
    };
    const { scale, offsetX, offsetY } = frame;
    for (const b of boxes) {
      ctx.fillStyle = colour[b.kind];
      ctx.fillRect(
        offsetX + b.x * scale,
        offsetY + b.y * scale,
        Math.max(1, b.width * scale),
        Math.max(1, b.height * scale),
      );
    }
  }, [boxes, frame]);

  useEffect(draw, [draw]);
  // Repaint when the theme changes the kind colours.
  useEffect(() => {
    const observer = new MutationObserver(draw);
    observer.observe(document.documentElement, { attributes: true });
    const scheme = matchMedia('(prefers-color-scheme: dark)');
    scheme.addEventListener('change', draw);
    return () => {
      observer.disconnect();
      scheme.removeEventListener('change', draw);
    };
  }, [draw]);

  const view = {
    x: frame.offsetX + (-tx / zoom) * frame.scale,
    y: frame.offsetY + (-ty / zoom) * frame.scale,
    width: (paneWidth / zoom) * frame.scale,
    height: (paneHeight / zoom) * frame.scale,
  };

  const moveTo = (e: React.PointerEvent) => {
    const rect = e.currentTarget.getBoundingClientRect();
    const x = (e.clientX - rect.left - frame.offsetX) / frame.scale;
    const y = (e.clientY - rect.top - frame.offsetY) / frame.scale;
    void flow.setCenter(x, y, { zoom });
  };

  return (
    <div
      className="tree-overview"
      role="img"
      aria-label={`Minimap of ${boxes.length} cards; click to move the view there`}
      onPointerDown={(e) => {
        e.currentTarget.setPointerCapture(e.pointerId);
        moveTo(e);
      }}
      onPointerMove={(e) => {
        if (e.currentTarget.hasPointerCapture(e.pointerId)) moveTo(e);
      }}
      onWheel={(e) => {
        void (e.deltaY > 0 ? flow.zoomOut({ duration: 100 }) : flow.zoomIn({ duration: 100 }));
      }}
    >
      <canvas ref={canvas} style={{ width: WIDTH, height: HEIGHT }} />
      <svg width={WIDTH} height={HEIGHT} aria-hidden="true">
        <path
          className="tree-overview-mask"
          fillRule="evenodd"
          d={`M0,0h${WIDTH}v${HEIGHT}h${-WIDTH}z M${view.x},${view.y}h${view.width}v${view.height}h${-view.width}z`}
        />
        <rect
          className="tree-overview-view"
          x={view.x}
          y={view.y}
          width={view.width}
          height={view.height}
        />
      </svg>
    </div>
  );
}
