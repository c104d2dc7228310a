/**
 * The keyboard grammar of the tree, shared by the outline and the canvas:
 * arrows move the selection, Tab adds a child, Enter a sibling, F2 renames,
 * Delete removes, Alt+arrows reorder (up/down), outdent (left) and indent (right).
 */
import { isAncestorOrSelf, subtreeOf, type CanopyDoc } from '../../../shared/model';
import { attempt } from '../document/attempt';
import type { DocView } from '../document/doc-store';
import type { EditSurface, ViewState } from '../document/view-store';

export interface KeyContext {
  model: CanopyDoc;
  doc: DocView;
  view: ViewState;
  visible: readonly string[];
  surface: EditSurface;
  /** Told of each deletion, to offer its undo (see delete-toast.ts). */
  onDeleted?(deletion: Deletion): void;
}

type KeyLike = Pick<KeyboardEvent, 'key' | 'altKey' | 'shiftKey' | 'ctrlKey' | 'metaKey'>;

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

/** Handles a key for the selected node; returns whether the key was used. */
export function handleTreeKey(
  e: KeyLike,
  { model, doc, view, visible, surface, onDeleted }: KeyContext,
): boolean {
  const current =
    view.selected && visible.includes(view.selected) ? view.selected : (visible[0] ?? null);
  if (!current || e.ctrlKey || e.metaKey) return false;
  const index = visible.indexOf(current);
  const kids = doc.childrenOf.get(current) ?? [];
  const parent = doc.parentOf.get(current);
  const siblings = parent ? (doc.childrenOf.get(parent) ?? []) : [];
  const at = siblings.indexOf(current);
  const writable = !doc.readOnly;

  if (e.altKey) {
    if (!writable || !parent) return false;
    switch (e.key) {
      case 'ArrowUp':
        if (at > 0) attempt(view, () => model.reorderNode(current, at - 1));
        return true;
      case 'ArrowDown':
        if (at < siblings.length - 1) attempt(view, () => model.reorderNode(current, at + 1));
        return true;
      case 'ArrowLeft': {
        // Outdent: become the sibling right after the parent.
        const grand = doc.parentOf.get(parent);
        if (grand) {
          const parentAt = (doc.childrenOf.get(grand) ?? []).indexOf(parent);
          attempt(view, () => model.moveNode(current, grand, parentAt + 1));
        }
        return true;
      }
      case 'ArrowRight': {
        // Indent: become the last child of the previous sibling.
        const prev = siblings[at - 1];
        if (prev) {
          attempt(view, () => model.moveNode(current, prev));
          view.setCollapsed(prev, false);
        }
        return true;
      }
      default:
        return false;
    }
  }

  switch (e.key) {
    case 'ArrowDown':
      view.select(visible[Math.min(index + 1, visible.length - 1)] ?? current);
      return true;
    case 'ArrowUp':
      view.select(visible[Math.max(index - 1, 0)] ?? current);
      return true;
    case 'Home':
      view.select(visible[0] ?? current);
      return true;
    case 'End':
      view.select(visible[visible.length - 1] ?? current);
      return true;
    case 'ArrowRight':
      if (kids.length && view.collapsed.has(current)) view.setCollapsed(current, false);
      else if (kids.length) view.select(kids[0]!);
      return true;
    case 'ArrowLeft':
      if (kids.length && !view.collapsed.has(current)) view.setCollapsed(current, true);
      else if (parent && visible.includes(parent)) view.select(parent);
      return true;
    case 'F2':
      if (writable) view.edit(current, undefined, surface);
      return true;
    case 'Tab':
      if (!writable || e.shiftKey) return false;
      addAndRename(model, view, { parent: current }, surface);
      return true;
    case 'Enter':
      if (!writable) return true;
      if (!parent) {
        view.edit(current, undefined, surface);
        return true;
      }
      addAndRename(model, view, { parent, index: at + 1 }, surface);
      return true;
    case 'Delete':
    case 'Backspace': {
      if (!writable) return true;
      const after = visible.slice(index + 1).find((id) => !isAncestorOrSelf(doc, current, id));
      const deletion = deleteBranch(model, view, current, after ?? parent ?? null);
      if (deletion) onDeleted?.(deletion);
      return true;
    }
    default:
      // Typing a character starts renaming, replacing the title (as in a spreadsheet).
      if (writable && e.key.length === 1 && e.key !== '?' && e.key !== ' ' && !e.altKey) {
        view.edit(current, e.key, surface);
        return true;
      }
      return false;
  }
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
