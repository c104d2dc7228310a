/**
 * Signals: where the work and the plan disagree, as statements of fact, grouped by
 * kind. Each row leads to its item in the tree and its card on the board. Nothing
 * here tells anyone what to do.
 */
import { useMemo } from 'react';
import { useStore } from 'zustand';
import {
  findSignals,
  SIGNAL_KINDS,
  SIGNAL_TITLES,
  type Signal,
} from '../../../shared/flow/signals';
import { isCardKind } from '../../../shared/model';
import { useApp } from '../state/app-store';
import type { createDocStore } from '../state/doc-store';
import type { ViewStore } from '../state/view-store';
import { useNow } from './useNow';
import './board.css';

interface Props {
  docId: string;
  store: ReturnType<typeof createDocStore>;
  view: ViewStore;
}

export function SignalsView({ docId, store, view }: Props) {
  const doc = useStore(store);
  const now = useNow();
  const navigate = useApp((s) => s.navigate);
  const signals = useMemo(() => findSignals(doc, { now }), [doc, now]);
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
                const node = signal.nodeId ? doc.nodes.get(signal.nodeId) : undefined;
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
