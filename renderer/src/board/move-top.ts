/**
 * "Move the top N to Ready": the best of a revealed vote, budget or scoring round go to
 * a column in one action (CanopyDoc.moveTopTo, one recorded move each). A toast says
 * what moved and offers to move them back (board moves are not undone, they are moved
 * again: the board's history keeps both). The palette's command and the board's button
 * open the same dialog, through this store.
 */
import { create } from 'zustand';
import { cardColumn, type CanopyDoc } from '../../../shared/model';
import { useApp } from '../app/app-store';
import { attempt } from '../document/attempt';
import type { ViewStore } from '../document/view-store';
import { movedMessage } from './move-top-words';

const MOVED_TOAST_MS = 12_000;

/** Which document's board has the dialog open (null: none). */
export const useMoveTopDialog = create<{ docId: string | null; open(docId: string | null): void }>(
  (set) => ({ docId: null, open: (docId) => set({ docId }) }),
);

/** Moves the round's top `count` to `columnId`; says what moved, offers to move it back. */
export function moveTop(
  model: CanopyDoc,
  view: ViewStore,
  roundId: string,
  count: number,
  columnId: string,
): string[] {
  const board = model.board();
  const round = model.rounds().rounds.find((r) => r.id === roundId);
  const from = new Map((round?.items ?? []).map((id) => [id, cardColumn(board, id).id]));
  const column = board.columns.find((c) => c.id === columnId)?.name ?? 'the column';
  let moved: string[] = [];
  if (!attempt(view.getState(), () => void (moved = model.moveTopTo(roundId, count, columnId))))
    return [];
  if (moved.length === 0) {
    view
      .getState()
      .setNotice(
        `Nothing moved: the top ${count} of “${round?.title ?? 'the vote'}” are already in ${column} or past it.`,
      );
    return [];
  }
  const titles = moved.map((id) => model.node(id)?.title ?? '');
  useApp.getState().showToast({
    message: movedMessage(titles, column),
    timeoutMs: MOVED_TOAST_MS,
    action: {
      label: 'Move back',
      run: () =>
        attempt(view.getState(), () => {
          const board = model.board();
          const inTree = model.tree().parentOf;
          const columns = new Set(board.columns.map((c) => c.id));
          // Only a card still in the tree and where we put it, to a column still there:
          // someone may have changed either since. One transaction, as the move was.
          model.moveCards(
            moved.flatMap((id) => {
              const back = from.get(id);
              return back &&
                columns.has(back) &&
                inTree.has(id) &&
                cardColumn(board, id).id === columnId
                ? [{ cardId: id, columnId: back }]
                : [];
            }),
          );
        }),
    },
  });
  return moved;
}
