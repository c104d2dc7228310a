/**
 * The tree's edits that need more than one model call: add and rename, delete a
 * branch as one undo step, undo that deletion, reveal an item. The keys and menus
 * that run them are commands (tree-commands.ts).
 */
import { isAncestorOrSelf, subtreeOf, type CanopyDoc } from '../../../shared/model';
import { attempt } from '../document/attempt';
import type { DocView } from '../document/doc-store';
import type { EditSurface, ViewState } from '../document/view-store';

/**
 * Adds an item under `parent` (at `index` among its children, or last), selects it and
 * opens its rename. Adding it is an undo step of its own, so that an item abandoned
 * untitled can be taken back without a trace (see finishRename).
 */
export function addAndRename(
  model: CanopyDoc,
  view: ViewState,
  at: { parent: string; index?: number },
  surface: EditSurface,
): string | null {
  const previous = view.selected;
  let id: string | null = null;
  attempt(view, () => {
    // Its own step: nothing before it or after it is merged in.
    model.undoManager.stopCapturing();
    id = model.addNode(at.parent, at.index === undefined ? {} : { index: at.index });
    const step = model.undoManager.undoStack.at(-1) ?? null;
    model.undoManager.stopCapturing();
    view.setCollapsed(at.parent, false);
    view.select(id);
    view.edit(id, undefined, surface, { previous, step });
  });
  return id;
}

/** A branch just deleted: what the toast that offers to undo it needs. */
export interface Deletion {
  id: string;
  title: string;
  /** Items deleted: the branch's top and everything under it. */
  count: number;
  /** Its undo step (one for the whole branch). */
  step: unknown;
}

/**
 * Deletes an item and everything under it as one undo step of its own (so Ctrl+Z, or
 * the toast's Undo, brings back exactly this), and selects `next`.
 */
export function deleteBranch(
  model: CanopyDoc,
  view: ViewState,
  id: string,
  next: string | null,
): Deletion | null {
  const node = model.node(id);
  if (!node) return null;
  const count = subtreeOf(model.tree(), id).length;
  let step: unknown = null;
  const done = attempt(view, () => {
    model.undoManager.stopCapturing();
    model.deleteSubtree(id);
    step = model.undoManager.undoStack.at(-1) ?? null;
    model.undoManager.stopCapturing();
    view.select(next);
  });
  return done ? { id, title: node.title, count, step } : null;
}

/** Undoes a deletion while it is still our last undo step; returns whether it did. */
export function undoDeletion(model: CanopyDoc, view: ViewState, deletion: Deletion): boolean {
  const undo = model.undoManager;
  if (deletion.step === null || undo.undoStack.at(-1) !== deletion.step) return false;
  undo.undo();
  view.select(deletion.id);
  return true;
}

/** Expands every collapsed ancestor of `id` so it can be shown. */
export function reveal(doc: Pick<DocView, 'parentOf'>, view: ViewState, id: string): void {
  let cur = doc.parentOf.get(id);
  while (cur !== undefined) {
    if (view.collapsed.has(cur)) view.setCollapsed(cur, false);
    cur = doc.parentOf.get(cur);
  }
  if (view.focusRoot && !isAncestorOrSelf(doc, view.focusRoot, id)) view.setFocusRoot(null);
}
