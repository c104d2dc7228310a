/** Adding a board column, or changing one: name, stage, WIP limit, decision, place. */
import { useState } from 'react';
import {
  BOARD_LIMITS,
  COLUMN_STAGES,
  type BoardColumn,
  type ColumnStage,
} from '../../../shared/model';
import { useDocument } from '../document/document-context';
import { attempt } from '../document/attempt';
import { useModalDialog } from '../widgets/useModalDialog';

const STAGE_LABEL: Record<ColumnStage, string> = {
  backlog: 'Not started (no WIP)',
  active: 'Work in progress',
  done: 'Done',
  stopped: 'Stopped',
};

interface Props {
  /** null: a new column. */
  column: BoardColumn | null;
  columns: readonly BoardColumn[];
  onClose(): void;
}

export function ColumnDialog({ column, columns, onClose }: Props) {
  const { model, view } = useDocument();
  const dialog = useModalDialog(true);
  const [name, setName] = useState(column?.name ?? '');
  // The name when the dialog opened: a rename someone makes meanwhile is not overwritten.
  const [base] = useState(column?.name);
  const [stage, setStage] = useState<ColumnStage>(column?.stage ?? 'active');
  const [limit, setLimit] = useState(column?.wipLimit?.toString() ?? '');
  const [awaiting, setAwaiting] = useState(column?.awaitingDecision ?? false);
  const index = column ? columns.findIndex((c) => c.id === column.id) : columns.length;
  const limitValue = limit.trim() === '' ? null : Number(limit);
  const limitValid =
    limitValue === null ||
    (Number.isInteger(limitValue) && limitValue >= 1 && limitValue <= BOARD_LIMITS.wipLimit);
  const title = column ? `Column ${column.name}` : 'New column';

  const save = () => {
    if (!limitValid) return;
    attempt(view.getState(), () => {
      const id = column?.id ?? model.addColumn(name, { stage });
      model.updateColumn(id, { stage, wipLimit: limitValue, awaitingDecision: awaiting });
      if (column && name.trim() && name.trim() !== base)
        model.rename({ kind: 'column', id }, name, { base });
    });
    onClose();
  };

  const shift = (by: number) => {
    if (!column) return;
    attempt(view.getState(), () => model.moveColumn(column.id, index + by));
  };

  return (
    <dialog
      ref={dialog}
      className="sheet column-dialog"
      aria-labelledby="column-dialog-title"
      onClose={onClose}
    >
      <form
        method="dialog"
        onSubmit={(e) => {
          e.preventDefault();
          save();
        }}
      >
        <h2 id="column-dialog-title">{title}</h2>
        <label className="field">
          Name
          <input
            autoFocus
            value={name}
            maxLength={BOARD_LIMITS.columnName}
            onChange={(e) => setName(e.target.value)}
            required
          />
        </label>
        <label className="field">
          Stage
          <select value={stage} onChange={(e) => setStage(e.target.value as ColumnStage)}>
            {COLUMN_STAGES.map((s) => (
              <option key={s} value={s}>
                {STAGE_LABEL[s]}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          WIP limit
          <input
            type="number"
            min={1}
            max={BOARD_LIMITS.wipLimit}
            placeholder="No limit"
            value={limit}
            aria-invalid={!limitValid}
            aria-describedby="wip-help"
            onChange={(e) => setLimit(e.target.value)}
          />
        </label>
        <p id="wip-help" className={limitValid ? 'muted help' : 'error help'}>
          {limitValid
            ? 'A soft limit: the column shows when it is over; nothing is blocked.'
            : `A WIP limit is a whole number from 1 to ${BOARD_LIMITS.wipLimit}, or empty for none.`}
        </p>
        <label className="check">
          <input
            type="checkbox"
            checked={awaiting}
            onChange={(e) => setAwaiting(e.target.checked)}
          />
          Items here await a decision (counts toward decision latency)
        </label>
        {column && (
          <div className="dialog-row">
            <button type="button" disabled={index <= 0} onClick={() => shift(-1)}>
              Move left
            </button>
            <button type="button" disabled={index >= columns.length - 1} onClick={() => shift(1)}>
              Move right
            </button>
            <button
              type="button"
              className="danger"
              disabled={columns.length <= 1}
              onClick={() => {
                attempt(view.getState(), () => model.removeColumn(column.id));
                onClose();
              }}
            >
              Remove column
            </button>
          </div>
        )}
        {column && columns.length > 1 && (
          <p className="muted help">
            Removing it moves its cards to {columns.find((c) => c.id !== column.id)!.name}; their
            history keeps every move.
          </p>
        )}
        <div className="sheet-actions">
          <button type="button" className="ghost" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={!limitValid}>
            {column ? 'Save' : 'Add column'}
          </button>
        </div>
      </form>
    </dialog>
  );
}
