/**
 * App-wide UI state: which screen, the theme, toasts. UI state lives here and never in
 * the shared document. The route is mirrored in location.hash so a reload returns to
 * the same screen.
 */
import { create } from 'zustand';

/** The views of one document: the tree (outline and canvas), the board, its signals and flow. */
export const DOC_TABS = ['tree', 'board', 'signals', 'flow', 'learning'] as const;
export type DocTab = (typeof DOC_TABS)[number];

export type Route =
  | { screen: 'home' }
  | { screen: 'doc'; id: string; tab?: DocTab }
  /** The projector view of a document: no chrome, large type (room/ProjectorScreen). */
  | { screen: 'projector'; id: string }
  /** A snapshot of a document, shown read-only. */
  | { screen: 'snapshot'; id: string; snapshot: string };
export type ThemePreference = 'system' | 'light' | 'dark';

export interface Toast {
  id: number;
  message: string;
  action?: { label: string; run: () => void };
  /** Runs when the toast leaves without its action being taken. */
  onExpire?: () => void;
  timeoutMs: number;
}

interface AppState {
  route: Route;
  theme: ThemePreference;
  toasts: Toast[];
  shortcutsOpen: boolean;
  navigate(route: Route): void;
  setTheme(theme: ThemePreference): void;
  cycleTheme(): void;
  showToast(toast: Omit<Toast, 'id'>): number;
  dismissToast(id: number, actionTaken?: boolean): void;
  setShortcutsOpen(open: boolean): void;
}

export function routeFromHash(hash: string): Route {
  const snap = /^#\/doc\/([A-Za-z0-9_-]{1,64})\/snapshot\/([A-Za-z0-9_-]{1,64})$/.exec(hash);
  if (snap) return { screen: 'snapshot', id: snap[1]!, snapshot: snap[2]! };
  const projector = /^#\/doc\/([A-Za-z0-9_-]{1,64})\/projector$/.exec(hash);
  if (projector) return { screen: 'projector', id: projector[1]! };
  const m = /^#\/doc\/([A-Za-z0-9_-]{1,64})(?:\/(board|signals|flow|learning))?$/.exec(hash);
  if (!m) return { screen: 'home' };
  return m[2] ? { screen: 'doc', id: m[1]!, tab: m[2] as DocTab } : { screen: 'doc', id: m[1]! };
}

const hashFor = (route: Route) =>
  route.screen === 'doc'
    ? `#/doc/${route.id}${route.tab && route.tab !== 'tree' ? `/${route.tab}` : ''}`
    : route.screen === 'snapshot'
      ? `#/doc/${route.id}/snapshot/${route.snapshot}`
      : route.screen === 'projector'
        ? `#/doc/${route.id}/projector`
        : '#/';

const THEME_KEY = 'canopy.theme';
const readTheme = (): ThemePreference => {
  const t = localStorage.getItem(THEME_KEY);
  return t === 'light' || t === 'dark' ? t : 'system';
};

let nextToastId = 1;

export const useApp = create<AppState>((set, get) => ({
  route: routeFromHash(location.hash),
  theme: readTheme(),
  toasts: [],
  shortcutsOpen: false,
  navigate(route) {
    if (location.hash !== hashFor(route)) location.hash = hashFor(route);
    set({ route });
  },
  setTheme(theme) {
    localStorage.setItem(THEME_KEY, theme);
    set({ theme });
  },
  cycleTheme() {
    const order: ThemePreference[] = ['system', 'light', 'dark'];
    get().setTheme(order[(order.indexOf(get().theme) + 1) % order.length]!);
  },
  showToast(toast) {
    const id = nextToastId++;
    set((s) => ({ toasts: [...s.toasts, { ...toast, id }] }));
    return id;
  },
  dismissToast(id, actionTaken = false) {
    const toast = get().toasts.find((t) => t.id === id);
    if (!toast) return;
    set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) }));
    if (!actionTaken) toast.onExpire?.();
  },
  setShortcutsOpen(open) {
    set({ shortcutsOpen: open });
  },
}));

window.addEventListener('hashchange', () => {
  const route = routeFromHash(location.hash);
  const current = useApp.getState().route;
  // The same place spelled the same way is not a new route (no remount).
  if (hashFor(route) !== hashFor(current)) useApp.setState({ route });
});
