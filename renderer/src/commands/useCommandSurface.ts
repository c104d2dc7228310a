import { useEffect, useLayoutEffect, useRef, type RefObject } from 'react';
import { addSurface, type TargetOf } from './context';

/**
 * Makes an element a surface of items (the canvas, the outline, the board): keys
 * pressed in it and context menus opened on it are about the item `targetOf` names.
 * `targetOf` may change every render; the latest one answers.
 */
export function useCommandSurface(ref: RefObject<Element | null>, targetOf: TargetOf): void {
  const latest = useRef(targetOf);
  useLayoutEffect(() => {
    latest.current = targetOf;
  });
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    return addSurface(el, (at) => latest.current(at));
  }, [ref]);
}

/** The item element `el` is in (a row, a card) by its data-id; null outside one. */
export function itemIdAt(el: Element, selector: string): string | null {
  return el.closest<HTMLElement>(selector)?.dataset.id ?? null;
}
