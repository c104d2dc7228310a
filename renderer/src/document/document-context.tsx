/**
 * The open document, given to every view below the screen that opened it: its model
 * (commands), its store (what the document says now) and this user's view of it
 * (selection, collapsed items, the rename in progress). Views read slices through the
 * hooks here, so each re-renders only when what it shows changed; handlers read the
 * current state with getState() at the moment they run.
 */
import { createContext, useContext, type ReactNode } from 'react';
import type { Awareness } from 'y-protocols/awareness';
import { useStore } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import type { CanopyDoc } from '../../../shared/model';
import type { DocStore, DocView } from './doc-store';
import type { ViewState, ViewStore } from './view-store';

export interface OpenDocument {
  /** The document's id (a snapshot's document for a snapshot). */
  id: string;
  model: CanopyDoc;
  store: DocStore;
  view: ViewStore;
  /** Presence: who else is here, and what they point at (null: nobody can be). */
  awareness: Awareness | null;
}

const DocumentContext = createContext<OpenDocument | null>(null);

export function DocumentProvider({
  document,
  children,
}: {
  document: OpenDocument;
  children: ReactNode;
}) {
  return <DocumentContext.Provider value={document}>{children}</DocumentContext.Provider>;
}

export function useDocument(): OpenDocument {
  const open = useContext(DocumentContext);
  if (!open) throw new Error('useDocument() outside a DocumentProvider');
  return open;
}

export const useModel = (): CanopyDoc => useDocument().model;

/** A slice of what the document says now; the component re-renders when it changes. */
export function useDoc<T>(selector: (doc: DocView) => T): T {
  return useStore(useDocument().store, selector);
}

/** Several slices at once, compared one by one (a new object each time is fine). */
export function useDocSlices<T extends object>(selector: (doc: DocView) => T): T {
  return useStore(useDocument().store, useShallow(selector));
}

/** A slice of this user's view of the document. */
export function useView<T>(selector: (view: ViewState) => T): T {
  return useStore(useDocument().view, selector);
}
