/** How a rename ends, the same on the canvas and in the outline. */
import type { CanopyDoc } from '../../../shared/model';
import type { ViewState } from '../state/view-store';
import { attempt } from './tree-keys';

/**
 * Ends the rename of `id` with `value` (null: cancelled). Returns whether the item is
 * still there (false also when `id` was not being renamed).
 */
export function finishRename(
  model: CanopyDoc,
  view: ViewState,
  id: string,
  value: string | null,
): boolean {
  if (view.editing !== id) return false;
  view.edit(null);
  const node = model.node(id);
  if (!node || node.deleted !== null) return false;
  if (value !== null && value !== node.title)
    attempt(view, () => model.updateNode(id, { title: value }));
  return true;
}
