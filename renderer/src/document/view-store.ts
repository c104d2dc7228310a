/**
 * This user's view of one open document: selection, collapsed subtrees, the item
 * being renamed, focus mode and search. Shared by the outline and the canvas, and
 * never written into the shared document (other people have their own view).
 */
import { createStore } from 'zustand/vanilla';

export type EditSurface = 'outline' | 'canvas';

/** The item being renamed was just added by Tab or Enter (see title-edit.ts). */
export interface NewItemEdit {
  /** What was selected before it was added: selected again if it is abandoned. */
  previous: string | null;
  /** Its undo step, when adding it was one of its own (undone if it is abandoned). */
  step: unknown;
}

export interface ViewState {
  selected: string | null;
  editing: string | null;
  /** Text that replaces the title when editing started by typing a character. */
  editSeed: string | null;
  /** Where the rename happens: the outline and the canvas each have an input. */
  editSurface: EditSurface;
  /** Set while renaming an item that was just added: left untitled, it is removed. */
  editCreated: NewItemEdit | null;
  query: string;
  collapsed: ReadonlySet<string>;
  /** Focus mode: only this subtree is shown. */
  focusRoot: string | null;
  notice: string | null;
  /** The details panel was closed; selecting an item (even the same one) opens it again. */
  detailsClosed: boolean;
  /** The part of the tree the learning timeline shows (null: all of it). */
  timelineFor: string | null;
  /** Highlighted on the canvas: what changed since a snapshot (null: nothing shown). */
  changesSince: { name: string; changes: ReadonlyMap<string, 'added' | 'changed'> } | null;
  setChangesSince(c: ViewState['changesSince']): void;
  /** The canvas's zoom when it last settled (follow me shares it); null before. */
  zoom: number | null;
  /** A zoom the room asked for (a new object each time, so the same zoom twice counts). */
  zoomRequest: { zoom: number } | null;
  setZoom(zoom: number): void;
  requestZoom(zoom: number): void;
  select(id: string | null): void;
  setTimelineFor(id: string | null): void;
  closeDetails(): void;
  edit(id: string | null, seed?: string, surface?: EditSurface, created?: NewItemEdit): void;
  /** Keys typed before the rename field could take them (it had not mounted yet). */
  setEditSeed(seed: string): void;
  setQuery(query: string): void;
  setCollapsed(id: string, collapsed: boolean): void;
  setFocusRoot(id: string | null): void;
  setNotice(notice: string | null): void;
}

export type ViewStore = ReturnType<typeof createViewStore>;

export function createViewStore(docId: string) {
  const key = `canopy.collapsed.${docId}`;
  const saved = (): Set<string> => {
    try {
      const raw: unknown = JSON.parse(localStorage.getItem(key) ?? '[]');
      return new Set(
        Array.isArray(raw) ? raw.filter((x): x is string => typeof x === 'string') : [],
      );
    } catch {
      return new Set();
    }
  };
  return createStore<ViewState>((set, get) => ({
    selected: null,
    editing: null,
    editSeed: null,
    editSurface: 'canvas',
    editCreated: null,
    query: '',
    collapsed: saved(),
    focusRoot: null,
    notice: null,
    detailsClosed: false,
    timelineFor: null,
    changesSince: null,
    zoom: null,
    zoomRequest: null,
    setZoom: (zoom) => set({ zoom }),
    requestZoom: (zoom) => set({ zoomRequest: { zoom } }),
    setChangesSince: (changesSince) => set({ changesSince }),
    setTimelineFor: (id) => set({ timelineFor: id }),
    select: (id) => set({ selected: id, detailsClosed: false }),
    closeDetails: () => set({ detailsClosed: true }),
    edit: (id, seed, surface = 'canvas', created) =>
      set({
        editing: id,
        editSeed: seed ?? null,
        editSurface: surface,
        editCreated: (id !== null && created) || null,
      }),
    setEditSeed: (editSeed) => set({ editSeed }),
    setQuery: (query) => set({ query }),
    setCollapsed(id, collapsed) {
      const next = new Set(get().collapsed);
      if (collapsed) next.add(id);
      else next.delete(id);
      // Collapsed state is per user and per machine: it survives a reload.
      localStorage.setItem(key, JSON.stringify([...next]));
      set({ collapsed: next });
    },
    setFocusRoot: (id) => set({ focusRoot: id }),
    setNotice: (notice) => set({ notice }),
  }));
}
