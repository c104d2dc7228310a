/**
 * How a rename ends, the same on the canvas and in the outline: a committed title is
 * an undo step of its own, and an item that was just added and is left untitled
 * (Escape, Enter or Tab on an empty title, or focus moving away) is removed, so sixty
 * Tabs do not leave thirty "Untitled" items behind.
 */
import type { CanopyDoc } from '../../../shared/model';
import type { NewItemEdit, ViewState } from '../document/view-store';
import { attempt } from '../document/attempt';

/**
 * Ends the rename of `id` with `value` (null: cancelled). Returns whether the item is
 * still there (false also when `id` was not being renamed).
 */
export function finishRename(
  model: CanopyDoc,
  view: ViewState,
  id: string,
  value: string | null,
  /**
   * Writes the title; the editors pass one that keeps a rename someone made meanwhile
   * (edit-base.ts). By default the title is written as it is.
   */
  commit: (id: string, title: string) => boolean = (target, title) =>
    attempt(view, () => model.rename({ kind: 'node', id: target }, title)),
): boolean {
  if (view.editing !== id) return false;
  const created = view.editCreated;
  view.edit(null);
  const node = model.node(id);
  if (!node || node.deleted !== null) return false;
  const blank = value === null || value.trim() === '';
  if (value !== null && value !== node.title && !(created && blank)) {
    if (!commit(id, value)) return true;
    // However quickly the next edit follows, this rename is undone on its own.
    model.undoManager.stopCapturing();
  }
  if (created && model.node(id)!.title.trim() === '')
    return !discardNewItem(model, view, id, created);
  return true;
}

/**
 * Removes an item just added and left untitled, and selects what was selected before.
 * When adding it is still the last undo step it is undone (and leaves nothing to
 * redo); otherwise it is deleted. An item that meanwhile got children (a peer's) is
 * kept. Returns whether it was removed.
 */
function discardNewItem(
  model: CanopyDoc,
  view: ViewState,
  id: string,
  created: NewItemEdit,
): boolean {
  if (model.tree().childrenOf.get(id)?.length) return false;
  const undo = model.undoManager;
  if (created.step !== null && undo.undoStack.at(-1) === created.step) {
    undo.undo();
    undo.clear(false, true);
  } else if (!attempt(view, () => model.deleteSubtree(id))) return false;
  view.select(created.previous);
  return true;
}
