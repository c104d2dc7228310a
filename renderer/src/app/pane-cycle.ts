/**
 * F6 and Shift+F6 move the keyboard between a document's panes (top bar, outline,
 * canvas tools, canvas, details; or top bar, view, details), as in browsers and
 * office apps. Tab is not enough: on the tree it adds a child. A pane is any element
 * marked with `data-pane`; they are visited in document order, and each gets the
 * focus back where it last had it.
 */
import { useEffect } from 'react';

export const PANE = 'data-pane';

/** The pane after (or before) `current`, round the end; the first (last) from none. */
export function paneAfter<T>(panes: readonly T[], current: T | null, backwards: boolean): T | null {
  if (panes.length === 0) return null;
  const at = current === null ? -1 : panes.indexOf(current);
  if (at < 0) return backwards ? panes[panes.length - 1]! : panes[0]!;
  return panes[(at + (backwards ? -1 : 1) + panes.length) % panes.length]!;
}

const TABBABLE =
  'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]';

const shown = (el: Element) => el.getClientRects().length > 0;
const tabbable = (el: HTMLElement) => el.tabIndex >= 0 && shown(el);
const paneOf = (el: Element | null) => el?.closest<HTMLElement>(`[${PANE}]`) ?? null;

/** Installs F6 / Shift+F6 for the panes on screen (while a modal dialog is closed). */
export function usePaneCycle(): void {
  useEffect(() => {
    const lastFocus = new WeakMap<HTMLElement, HTMLElement>();
    const onFocusIn = (e: FocusEvent) => {
      const el = e.target instanceof HTMLElement ? e.target : null;
      const pane = paneOf(el);
      if (el && pane) lastFocus.set(pane, el);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'F6' || e.ctrlKey || e.metaKey || e.altKey) return;
      if (document.querySelector('dialog[open]')) return;
      const panes = [...document.querySelectorAll<HTMLElement>(`[${PANE}]`)].filter(shown);
      const current = paneOf(document.activeElement);
      const next = paneAfter(
        panes,
        current && panes.includes(current) ? current : null,
        e.shiftKey,
      );
      if (!next) return;
      e.preventDefault();
      focusPane(next, lastFocus.get(next));
    };
    document.addEventListener('focusin', onFocusIn);
    // Capture: a rename field stops its keys from bubbling.
    window.addEventListener('keydown', onKey, true);
    return () => {
      document.removeEventListener('focusin', onFocusIn);
      window.removeEventListener('keydown', onKey, true);
    };
  }, []);
}

/**
 * Where the focus last was in the pane, if it is still there and reachable by Tab
 * (an outline row no longer selected is not: the selected one is); else the pane
 * itself if it takes the focus (the canvas); else its first control.
 */
function focusPane(pane: HTMLElement, remembered: HTMLElement | undefined) {
  const own = (el: HTMLElement) => paneOf(el) === pane;
  const target =
    (remembered?.isConnected && own(remembered) && tabbable(remembered) ? remembered : null) ??
    (tabbable(pane) ? pane : null) ??
    [...pane.querySelectorAll<HTMLElement>(TABBABLE)].find((el) => own(el) && tabbable(el));
  if (target) return target.focus();
  pane.tabIndex = -1;
  pane.focus();
}
