/** Asks which round, how many of its best and to which column, then moves them (move-top.ts). */
import { useState } from 'react';
import { ROUND_KIND_LABEL, type RoundRecord } from '../../../shared/model';
import { useDoc, useDocument } from '../document/document-context';
import { useModalDialog } from '../widgets/useModalDialog';
import { moveTop } from './move-top';
import { defaultTarget } from './move-top-words';

export function MoveTopDialog({
  rounds,
  initialRound,
  onClose,
}: {
  /** Revealed rounds that rank items, newest first. */
  rounds: readonly RoundRecord[];
  initialRound: string | null;
  onClose(): void;
}) {
  const { model, view } = useDocument();
  const columns = useDoc((s) => s.board.columns);
  const dialog = useModalDialog(true);
  const [roundId, setRoundId] = useState(initialRound ?? rounds[0]?.id ?? '');
  const [count, setCount] = useState('3');
  const [columnId, setColumnId] = useState(() => defaultTarget(columns) ?? '');
  const round = rounds.find((r) => r.id === roundId);
  const n = Number(count);
  const max = round?.ranking.length ?? 0;
  const valid = round !== undefined && Number.isInteger(n) && n >= 1 && n <= max;

  return (
    <dialog
      ref={dialog}
      className="sheet column-dialog move-top-dialog"
      aria-labelledby="move-top-title"
      onClose={onClose}
    >
      <form
        method="dialog"
        onSubmit={(e) => {
          e.preventDefault();
          if (!valid) return;
          moveTop(model, view, roundId, n, columnId);
          onClose();
        }}
      >
        <h2 id="move-top-title">Move the top of a vote</h2>
        <label className="field">
          Round
          <select value={roundId} onChange={(e) => setRoundId(e.target.value)}>
            {rounds.map((r) => (
              <option key={r.id} value={r.id}>
                {r.title} ({ROUND_KIND_LABEL[r.kind].toLowerCase()})
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          How many
          <input
            type="number"
            min={1}
            max={max}
            value={count}
            aria-invalid={!valid}
            aria-describedby="move-top-help"
            onChange={(e) => setCount(e.target.value)}
          />
        </label>
        <label className="field">
          To column
          <select value={columnId} onChange={(e) => setColumnId(e.target.value)}>
            {columns.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        <p id="move-top-help" className={valid ? 'muted help' : 'error help'}>
          {valid
            ? 'The best first, passing over cards already in that column or past it, done or stopped. Each move is recorded on the board.'
            : `A whole number from 1 to ${max}: the items in this round.`}
        </p>
        <div className="sheet-actions">
          <button type="button" className="ghost" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={!valid}>
            Move
          </button>
        </div>
      </form>
    </dialog>
  );
}
