/**
 * After a deletion on the tree, a toast says what went ("Deleted 7 items", or the
 * item's title) and offers Undo. The offer stands while the deletion is still our
 * last undo step: once another change of ours follows it, or Ctrl+Z has undone it,
 * the toast goes (Ctrl+Z and the history keep working as ever).
 */
import type { CanopyDoc } from '../../../shared/model';
import { useApp } from '../app/app-store';
import type { ViewStore } from '../document/view-store';
import { undoDeletion, type Deletion } from './tree-keys';

const UNDO_DELETE_MS = 10_000;

export function deletionMessage(deletion: Pick<Deletion, 'count' | 'title'>): string {
  return deletion.count === 1
    ? `Deleted “${deletion.title || 'untitled item'}”`
    : `Deleted ${deletion.count} items`;
}

/** `onUndone` gives the keyboard back to where the items are (the toast goes away). */
export function offerUndo(
  model: CanopyDoc,
  view: ViewStore,
  deletion: Deletion,
  onUndone: () => void,
): void {
  const { showToast, dismissToast } = useApp.getState();
  const undo = model.undoManager;
  let toastId = 0;
  const stop = () => {
    undo.off('stack-item-added', check);
    undo.off('stack-item-popped', check);
  };
  function check() {
    if (undo.undoStack.at(-1) === deletion.step) return;
    stop();
    dismissToast(toastId);
  }
  undo.on('stack-item-added', check);
  undo.on('stack-item-popped', check);
  toastId = showToast({
    message: deletionMessage(deletion),
    timeoutMs: UNDO_DELETE_MS,
    action: {
      label: 'Undo',
      run: () => {
        stop();
        if (undoDeletion(model, view.getState(), deletion)) onUndone();
      },
    },
    onExpire: stop,
  });
}
