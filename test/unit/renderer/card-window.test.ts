/** The canvas hands React Flow only the cards near the view (card-window.ts). */
import { describe, expect, it } from 'vitest';
import { layoutTree } from '../../../shared/layout/tree-layout';
import {
  cardsIn,
  grow,
  serves,
  viewArea,
  type Area,
} from '../../../renderer/src/tree/canvas/card-window';

/** A root with `wide` children, each with `deep` children in a chain. */
function tree(wide: number, deep: number) {
  const childrenOf = new Map<string, string[]>();
  const parentOf = new Map<string, string>();
  const add = (parent: string, id: string) => {
    childrenOf.set(parent, [...(childrenOf.get(parent) ?? []), id]);
    parentOf.set(id, parent);
  };
  for (let i = 0; i < wide; i++) {
    add('root', `c${i}`);
    let above = `c${i}`;
    for (let d = 0; d < deep; d++) {
      add(above, `c${i}-${d}`);
      above = `c${i}-${d}`;
    }
  }
  const layout = layoutTree({ rootId: 'root', childrenOf }, () => ({ width: 100, height: 40 }), {
    gapX: 20,
    gapY: 40,
  });
  return { layout, parentOf, visible: [...layout.positions.keys()] };
}

const meets = (a: Area, b: { x: number; y: number; width: number; height: number }) =>
  b.x <= a.x1 && b.x + b.width >= a.x0 && b.y <= a.y1 && b.y + b.height >= a.y0;

describe('the cards near the view', () => {
  it('takes what a viewport shows from its transform and size', () => {
    expect(viewArea([10, 20, 1], 800, 600)).toEqual({ x0: -10, y0: -20, x1: 790, y1: 580 });
    expect(viewArea([-200, 100, 2], 800, 600)).toEqual({ x0: 100, y0: -50, x1: 500, y1: 250 });
  });

  it('keeps a window while the view stays inside it, not once it leaves or shrinks far', () => {
    const view = { x0: 0, y0: 0, x1: 800, y1: 600 };
    const window = grow(view, 0.5);
    expect(window).toEqual({ x0: -400, y0: -300, x1: 1200, y1: 900 });
    expect(serves(window, { x0: 300, y0: 200, x1: 1100, y1: 800 })).toBe(true);
    expect(serves(window, { x0: 500, y0: 0, x1: 1300, y1: 600 })).toBe(false);
    // Zoomed in far: a tenth of the view's size in each direction.
    expect(serves(window, { x0: 0, y0: 0, x1: 80, y1: 60 })).toBe(false);
  });

  it('hands every card that meets the window, and no card far from it', () => {
    const { layout, parentOf, visible } = tree(60, 20);
    const root = layout.positions.get('root')!;
    const area = grow(viewArea([-(root.x - 200), -(root.y - 100), 1], 1000, 700), 0.5);
    const handed = cardsIn(visible, layout.positions, parentOf, area);
    for (const id of visible)
      if (meets(area, layout.positions.get(id)!)) expect(handed.has(id), id).toBe(true);
    expect(handed.size).toBeGreaterThan(10);
    expect(handed.size).toBeLessThan(visible.length / 4);
    for (const id of handed) {
      const box = layout.positions.get(id)!;
      // Only a link's far end may lie outside the window.
      if (!meets(area, box))
        expect(
          meets(area, layout.positions.get(parentOf.get(id)!)!) ||
            [...handed].some((c) => parentOf.get(c) === id),
        ).toBe(true);
    }
  });

  it('hands both ends of a link that crosses the window though neither card is in it', () => {
    const { layout, parentOf, visible } = tree(60, 0);
    const root = layout.positions.get('root')!;
    const last = layout.positions.get('c59')!;
    // A narrow strip between the root's row and its children's, far to the right of
    // the root and short of the last child: only links pass through it.
    const y = (root.y + root.height + last.y) / 2;
    const area = { x0: last.x - 30, y0: y - 2, x1: last.x - 25, y1: y + 2 };
    for (const id of visible) expect(meets(area, layout.positions.get(id)!)).toBe(false);
    const handed = cardsIn(visible, layout.positions, parentOf, area);
    expect(handed.has('root')).toBe(true);
    expect(handed.has('c59')).toBe(true);
    expect(handed.has('c0')).toBe(false);
  });
});
