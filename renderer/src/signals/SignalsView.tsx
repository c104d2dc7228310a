/**
 * Signals: where the work and the plan disagree, as statements of fact, grouped by
 * kind. Each row leads to its item in the tree and its card on the board. Nothing
 * here tells anyone what to do.
 */
import { SIGNAL_KINDS, SIGNAL_TITLES, type Signal } from '../../../shared/flow/signals';
import { isCardKind, SETTING_DAYS } from '../../../shared/model';
import { attempt } from '../document/attempt';
import { useApp } from '../app/app-store';
import { useDoc, useDocument } from '../document/document-context';
import { selectSignals } from '../document/selectors';
import { useNow } from '../widgets/useNow';
import '../widgets/statements.css';
import './signals.css';

export function SignalsView() {
  const { id: docId, model, view } = useDocument();
  const now = useNow();
  const navigate = useApp((s) => s.navigate);
  const signals = useDoc((s) => selectSignals(s, now));
  const nodes = useDoc((s) => s.nodes);
  const settings = useDoc((s) => s.board.settings);
  const readOnly = useDoc((s) => s.readOnly);
  const groups = SIGNAL_KINDS.map((kind) => ({
    kind,
    rows: signals.filter((s) => s.kind === kind),
  })).filter((g) => g.rows.length > 0);

  const show = (signal: Signal, tab: 'tree' | 'board') => {
    if (signal.nodeId) view.getState().select(signal.nodeId);
    navigate({ screen: 'doc', id: docId, tab });
  };

  return (
    <section className="signals" aria-label="Signals">
      <header className="signals-header">
        <h2>Signals</h2>
        <p className="muted">
          Where the work and the plan disagree right now, from the board’s history and the tree.
          They are facts to talk about, not instructions.
        </p>
        <div className="signal-settings">
          <DaysSetting
            label="Stalled after"
            value={settings.stalledDays}
            readOnly={readOnly}
            onCommit={(stalledDays) =>
              attempt(view.getState(), () => model.updateBoardSettings({ stalledDays }))
            }
          />
          <DaysSetting
            label="Decisions overdue after"
            value={settings.decisionDays}
            readOnly={readOnly}
            onCommit={(decisionDays) =>
              attempt(view.getState(), () => model.updateBoardSettings({ decisionDays }))
            }
          />
        </div>
      </header>
      {groups.length === 0 ? (
        <div className="empty-state">
          <p>No signals right now.</p>
          <p className="muted">
            Columns are within their limits, nothing has stalled, no decision is overdue, and the
            plan has its measures and hypotheses.
          </p>
        </div>
      ) : (
        groups.map((group) => (
          <section
            key={group.kind}
            className="signal-group"
            aria-labelledby={`signals-${group.kind}`}
          >
            <h3 id={`signals-${group.kind}`}>
              {SIGNAL_TITLES[group.kind]} <span className="muted">({group.rows.length})</span>
            </h3>
            <ul className="signal-list">
              {group.rows.map((signal, i) => {
                const node = signal.nodeId ? nodes.get(signal.nodeId) : undefined;
                const onBoard = signal.columnId !== null && (!node || isCardKind(node.kind));
                return (
                  <li key={`${signal.nodeId ?? signal.columnId}-${i}`} className="signal-row">
                    <span className="signal-text">{signal.text}</span>
                    {signal.nodeId && (
                      <button
                        type="button"
                        className="ghost"
                        aria-label={`Show in the tree: ${signal.text}`}
                        onClick={() => show(signal, 'tree')}
                      >
                        In the tree
                      </button>
                    )}
                    {onBoard && (
                      <button
                        type="button"
                        className="ghost"
                        aria-label={`Show on the board: ${signal.text}`}
                        onClick={() => show(signal, 'board')}
                      >
                        On the board
                      </button>
                    )}
                  </li>
                );
              })}
            </ul>
          </section>
        ))
      )}
    </section>
  );
}

/** A shared threshold in whole days; applied when the field is left or Enter pressed. */
function DaysSetting({
  label,
  value,
  readOnly,
  onCommit,
}: {
  label: string;
  value: number;
  readOnly: boolean;
  onCommit(days: number): void;
}) {
  const commit = (input: HTMLInputElement) => {
    const days = Number(input.value);
    if (Number.isInteger(days) && days >= SETTING_DAYS.min && days <= SETTING_DAYS.max) {
      if (days !== value) onCommit(days);
    } else input.value = String(value);
  };
  return (
    <label className="days-setting">
      {label}
      <input
        key={value}
        type="number"
        min={SETTING_DAYS.min}
        max={SETTING_DAYS.max}
        defaultValue={value}
        readOnly={readOnly}
        onBlur={(e) => commit(e.currentTarget)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit(e.currentTarget);
        }}
      />
      days
    </label>
  );
}
