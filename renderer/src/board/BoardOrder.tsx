/**
 * The board's order within each column: its own, or by the latest revealed dot vote,
 * budget or scoring round. Kept per document on this computer (like the swimlanes:
 * a view setting, not the shared document's). And the button that moves the top of a
 * vote to Ready.
 */
import { useMemo, useState } from 'react';
import type { RoundsState } from '../../../shared/model';
import {
  BOARD_ORDER_LABEL,
  BOARD_ORDERS,
  latestRound,
  orderingRound,
  parseBoardOrder,
  type BoardOrder,
} from '../document/round-results';
import { useMoveTopDialog } from './move-top';

const orderKey = (docId: string) => `canopy.board.order.${docId}`;

/** The order chosen for this document's board, kept across reloads. */
export function useBoardOrder(docId: string): [BoardOrder, (order: BoardOrder) => void] {
  const [order, setOrder] = useState<BoardOrder>(() =>
    parseBoardOrder(localStorage.getItem(orderKey(docId))),
  );
  return [
    order,
    (next) => {
      localStorage.setItem(orderKey(docId), next);
      setOrder(next);
    },
  ];
}

export function BoardOrderControl({
  docId,
  rounds,
  order,
  onOrder,
  readOnly,
}: {
  docId: string;
  rounds: RoundsState;
  order: BoardOrder;
  onOrder(order: BoardOrder): void;
  readOnly: boolean;
}) {
  const round = orderingRound(rounds, order);
  const ranked = useMemo(() => rounds.rounds.some((r) => r.kind !== 'prompt'), [rounds]);
  const openMoveTop = useMoveTopDialog((s) => s.open);
  return (
    <>
      <label>
        Order{' '}
        <select
          value={order}
          aria-describedby="board-order-by"
          onChange={(e) => onOrder(e.target.value as BoardOrder)}
        >
          {BOARD_ORDERS.map((o) => {
            const none = o !== 'board' && !latestRound(rounds, o);
            return (
              <option key={o} value={o} disabled={none && o !== order}>
                {BOARD_ORDER_LABEL[o]}
                {none ? ' (none revealed)' : ''}
              </option>
            );
          })}
        </select>
      </label>
      <span
        id="board-order-by"
        className="muted board-order-by"
        title={
          round ? `${round.title}, revealed ${new Date(round.at).toLocaleString()}` : undefined
        }
      >
        {order === 'board'
          ? ''
          : round
            ? `by “${round.title}”`
            : 'no such round revealed yet: board order'}
      </span>
      {ranked && !readOnly && (
        <button type="button" onClick={() => openMoveTop(docId)}>
          Move the top…
        </button>
      )}
    </>
  );
}
