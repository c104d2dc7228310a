import { useSyncExternalStore } from 'react';

/**
 * The current time, refreshed every minute: ages and the stalled mark move on while a
 * view stays open. One clock for every view, so that the board, the canvas and the
 * Signals view read the same minute and share what they derive from it (see
 * document/selectors.ts). Date.now() is read here only, so tests can set the page's
 * clock.
 */
const EVERY_MS = 60_000;

let now = Date.now();
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | undefined;

function tick(): void {
  now = Date.now();
  for (const l of listeners) l();
}

function subscribe(listener: () => void): () => void {
  // A view that opens reads the time of its opening, and the others move on with it.
  if (Date.now() !== now) tick();
  if (listeners.size === 0) timer = setInterval(tick, EVERY_MS);
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) clearInterval(timer);
  };
}

export function useNow(): number {
  return useSyncExternalStore(subscribe, () => now);
}
