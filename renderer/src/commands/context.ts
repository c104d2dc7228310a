/**
 * What a command sees when it runs: where the app runs, the open document (if any)
 * with the actions its screen offers, and the item the command is about (the card or
 * row that has the keyboard, or the one a context menu was opened on). Features write
 * their command lists against this; the command host (CommandHost.tsx) builds it.
 */
import { create } from 'zustand';
import type { CanopyDoc } from '../../../shared/model';
import type { DocTab } from '../app/app-store';
import type { DocStore } from '../document/doc-store';
import type { ViewStore } from '../document/view-store';
import type { Platform } from '../platform/platform';
import type { Deletion } from '../tree/tree-keys';
import type { KeyEnv } from './keys';
import { CommandRegistry, type Command } from './registry';

/** What the open document's screen lets commands open (dialogs live there). */
export interface DocumentActions {
  /** Proposes an item of a private draft (or the whole draft) to a tree. */
  propose(nodeId: string | null): void;
  /** Records evidence on the selected item. */
  quickEvidence(): void;
  history(): void;
  handout(): void;
  /** Opens the facilitator console (a tree's screen; not a private draft's). */
  runRoom?(): void;
  /** Offers to undo a deletion (a toast); `refocus` puts the keyboard back on the item. */
  offerUndo(deletion: Deletion, refocus: () => void): void;
  /** Shows a failure as the document's notice. */
  error(message: string): void;
}

export interface CommandDocument {
  id: string;
  model: CanopyDoc;
  store: DocStore;
  view: ViewStore;
  tab: DocTab;
  actions: DocumentActions;
}

/** The places items live, each with its own keys and context menu. */
export type Surface = 'canvas' | 'outline' | 'board';

/** The item a command is about, on the surface showing it. */
export interface ItemTarget {
  id: string;
  surface: Surface;
  /** The tree's items in the order the surface shows them (tree surfaces). */
  visible: readonly string[];
  /** Gives the keyboard to this item on the surface (after an undo, a move). */
  focus(id: string): void;
  /** Where the item is on screen: a menu opened from the keyboard shows beside it. */
  rect(): DOMRect | null;
  /** Told that a key acted on the surface (the outline keeps focus on the selection). */
  keyed?(): void;
  /** The canvas's viewport. */
  zoom?: { fit(): void; toSelection(): void };
}

export interface CommandContext {
  env: KeyEnv;
  platform: Platform;
  doc: CommandDocument | null;
  item: ItemTarget | null;
}

export type AppCommand = Command<CommandContext>;

/** The app's one registry; features add their lists (see commands/all-commands.ts). */
export const registry = new CommandRegistry<CommandContext>();

/** Where the app runs, for shortcuts: Cmd on a Mac, Alt+N for New in a browser. */
export function keyEnv(kind: Platform['kind']): KeyEnv {
  return { kind, mac: /^Mac/.test(navigator.platform) };
}

/** The context commands run in now, about `item` (or none). */
export function commandContext(platform: Platform, item: ItemTarget | null): CommandContext {
  return { env: keyEnv(platform.kind), platform, doc: useCommandHost.getState().doc, item };
}

/** A context menu open on an item, at a point on screen. */
export interface OpenItemMenu {
  target: ItemTarget;
  x: number;
  y: number;
  /** Where the keyboard goes back to when the menu closes. */
  returnFocus: HTMLElement | null;
}

/** The palette, open: what applied where it was opened, and where to go back to. */
export interface OpenPalette {
  ctx: CommandContext;
  returnFocus: HTMLElement | null;
}

interface HostState {
  /** The open document, set by its screen while it is mounted. */
  doc: CommandDocument | null;
  palette: OpenPalette | null;
  itemMenu: OpenItemMenu | null;
  setDoc(doc: CommandDocument | null): void;
  setPalette(palette: OpenPalette | null): void;
  setItemMenu(menu: OpenItemMenu | null): void;
}

export const useCommandHost = create<HostState>((set) => ({
  doc: null,
  palette: null,
  itemMenu: null,
  setDoc: (doc) => set({ doc }),
  setPalette: (palette) => set({ palette }),
  setItemMenu: (itemMenu) => set({ itemMenu }),
}));

/** A surface's way of saying which item an element (focused, clicked) stands for. */
export type TargetOf = (el: Element) => ItemTarget | null;

const surfaces = new Map<Element, TargetOf>();

/** Registers a surface's element; returns a function that removes it. */
export function addSurface(el: Element, targetOf: TargetOf): () => void {
  surfaces.set(el, targetOf);
  return () => {
    if (surfaces.get(el) === targetOf) surfaces.delete(el);
  };
}

/** The item `el` stands for, asking the nearest surface around it. */
export function targetAt(el: Element | null): ItemTarget | null {
  for (let at = el; at; at = at.parentElement) {
    const targetOf = surfaces.get(at);
    if (targetOf) return targetOf(el!);
  }
  return null;
}
