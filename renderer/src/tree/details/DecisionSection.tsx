/** An item's decision: asked for (who decides, by when), then recorded, with its learning. */
import { useId, useMemo, useState } from 'react';
import {
  isoDay,
  resultsFor,
  type ItemResult,
  LEARNING_LIMITS,
  openDecision,
  OUTCOMES,
  type Decision,
  type NodeData,
  type Outcome,
  type Stance,
} from '../../../../shared/model';
import { useDoc, useModel } from '../../document/document-context';
import { citeText } from '../../document/round-results';
import { OUTCOME_LABEL, STANCE_LABEL } from '../../learning/labels';
import { ErrorNote, useAttempt } from '../../widgets/fields';
import { FormActions } from '../../widgets/FormActions';
import type { SectionProps } from './EvidenceSection';
import { items, useLiveBelow } from './StoppedNote';
import '../../learning/learning.css';

export function DecisionSection({ node, readOnly }: SectionProps) {
  const model = useModel();
  const live = useLiveBelow(node.id);
  const decisions = useDoc((s) => s.learning.decisionsByNode.get(node.id)) ?? [];
  const open = useDoc((s) => openDecision(s.learning, node.id));
  const evidence = useDoc((s) => s.learning.evidenceByNode.get(node.id)) ?? [];
  const rounds = useDoc((s) => s.rounds);
  const results = useMemo(() => resultsFor(rounds, node.id), [rounds, node.id]);
  const { error, run, dismiss } = useAttempt();
  const [mode, setMode] = useState<'idle' | 'request' | 'record'>('idle');
  const headingId = useId();
  const decided = decisions.filter((d) => d.outcome !== null).reverse();

  return (
    <section className="details-section" aria-labelledby={headingId}>
      <h3 id={headingId}>Decision</h3>
      {!readOnly && mode === 'idle' && (
        <div className="learning-buttons">
          {!open && (
            <button
              type="button"
              className="details-small-button"
              onClick={() => setMode('request')}
            >
              Request a decision
            </button>
          )}
          <button type="button" className="details-small-button" onClick={() => setMode('record')}>
            Record a decision
          </button>
        </div>
      )}
      <ErrorNote message={error} onDismiss={dismiss} />
      {open && (
        <p className="decision-open" role="status">
          Decision requested{open.decider ? ` of ${open.decider}` : ''}
          {open.due ? `, due ${open.due}` : ''}, on {isoDay(open.requestedAt)}.
          {!readOnly && (
            <button
              type="button"
              className="ghost details-small-button"
              onClick={() => run(() => model.withdrawDecision(open.id))}
            >
              Withdraw request
            </button>
          )}
        </p>
      )}
      {mode === 'request' && (
        <RequestForm
          onCancel={() => setMode('idle')}
          onSave={(r) => run(() => void model.requestDecision(node.id, r)) && setMode('idle')}
        />
      )}
      {mode === 'record' && (
        <RecordForm
          evidence={evidence}
          results={results}
          live={live}
          onCancel={() => setMode('idle')}
          onSave={(d) => run(() => void model.recordDecision(node.id, d)) && setMode('idle')}
        />
      )}
      {decided.length === 0 && !open && mode === 'idle' && (
        <p className="muted details-empty-note">
          No decision yet. Request one (who decides, by when) or record one.
        </p>
      )}
      {decided.length > 0 && (
        <ul className="details-list" aria-label="Decisions taken">
          {decided.map((d) => (
            <DecisionItem key={d.id} decision={d} results={results} />
          ))}
        </ul>
      )}
    </section>
  );
}

function DecisionItem({
  decision: d,
  results,
}: {
  decision: Decision;
  /** The item's revealed results, to name the votes the decision cites. */
  results: readonly ItemResult[];
}) {
  const cited = results.filter((r) => d.votes.includes(r.round.id));
  return (
    <li className={`decision outcome-${d.outcome}`}>
      <span className="evidence-head">
        <span className="badge">{OUTCOME_LABEL[d.outcome!]}</span>
        <span className="muted">
          {isoDay(d.decidedAt!)}
          {d.decidedBy ? ` · ${d.decidedBy}` : ''}
        </span>
      </span>
      {d.rationale && <span>{d.rationale}</span>}
      {d.learning && (
        <span className="decision-learning">
          <strong>Learned:</strong> {d.learning}
        </span>
      )}
      {d.evidence.length > 0 && (
        <span className="muted">
          Rests on {d.evidence.length} piece{d.evidence.length > 1 ? 's' : ''} of evidence
        </span>
      )}
      {cited.length > 0 && (
        <span className="decision-votes">
          Cites {cited.length === 1 ? 'the vote' : 'the votes'}:{' '}
          {cited.map((r) => citeText(r)).join('; ')}
        </span>
      )}
    </li>
  );
}

function RequestForm({
  onSave,
  onCancel,
}: {
  onSave(r: { decider: string; due: string | null }): void;
  onCancel(): void;
}) {
  const [decider, setDecider] = useState('');
  const [due, setDue] = useState('');
  return (
    <form
      className="learning-form"
      aria-label="Request a decision"
      onSubmit={(e) => {
        e.preventDefault();
        onSave({ decider, due: due || null });
      }}
    >
      <div className="details-field-row">
        <label className="details-field">
          <span className="details-label">Who decides</span>
          <input
            autoFocus
            maxLength={LEARNING_LIMITS.name}
            value={decider}
            onChange={(e) => setDecider(e.target.value)}
          />
        </label>
        <label className="details-field">
          <span className="details-label">Decide by</span>
          <input type="date" value={due} onChange={(e) => setDue(e.target.value)} />
        </label>
      </div>
      <FormActions submit="Request" onCancel={onCancel} />
    </form>
  );
}

function RecordForm({
  evidence,
  results,
  live,
  onSave,
  onCancel,
}: {
  evidence: ReadonlyArray<{ id: string; summary: string; stance: Stance }>;
  /** Revealed votes, budgets and scores the item was in, newest first: it may cite them. */
  results: readonly ItemResult[];
  /** Work still running under the item: a stop offers to stop it too. */
  live: readonly NodeData[];
  onSave(d: {
    outcome: Outcome;
    rationale: string;
    learning: string;
    evidence: string[];
    votes: string[];
    stopLiveBelow: boolean;
  }): void;
  onCancel(): void;
}) {
  const [outcome, setOutcome] = useState<Outcome>('persevere');
  const [rationale, setRationale] = useState('');
  const [learning, setLearning] = useState('');
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const [votes, setVotes] = useState<ReadonlySet<string>>(new Set());
  const [stopBelow, setStopBelow] = useState(true);
  const belowId = useId();
  return (
    <form
      className="learning-form"
      aria-label="Record a decision"
      onSubmit={(e) => {
        e.preventDefault();
        onSave({
          outcome,
          rationale,
          learning,
          evidence: [...chosen],
          votes: [...votes],
          stopLiveBelow: outcome === 'stop' && stopBelow && live.length > 0,
        });
      }}
    >
      <label className="details-field">
        <span className="details-label">Decision</span>
        <select autoFocus value={outcome} onChange={(e) => setOutcome(e.target.value as Outcome)}>
          {OUTCOMES.map((o) => (
            <option key={o} value={o}>
              {OUTCOME_LABEL[o]}
            </option>
          ))}
        </select>
      </label>
      <label className="details-field">
        <span className="details-label">Rationale</span>
        <textarea
          rows={2}
          maxLength={LEARNING_LIMITS.text}
          value={rationale}
          onChange={(e) => setRationale(e.target.value)}
        />
      </label>
      <label className="details-field">
        <span className="details-label">
          What we learned{outcome === 'stop' ? ' (needed to stop)' : ''}
        </span>
        <textarea
          rows={2}
          required={outcome === 'stop'}
          maxLength={LEARNING_LIMITS.text}
          placeholder={outcome === 'stop' ? 'What this taught us, for the next bet' : ''}
          value={learning}
          onChange={(e) => setLearning(e.target.value)}
        />
      </label>
      {outcome === 'stop' && (
        <p className="muted help">
          Stopping is a normal outcome: the item moves to Stopped and keeps what it taught.
        </p>
      )}
      {outcome === 'stop' && live.length > 0 && (
        <div className="stop-below">
          <label>
            <input
              type="checkbox"
              checked={stopBelow}
              aria-describedby={belowId}
              onChange={(e) => setStopBelow(e.target.checked)}
            />
            Also stop the {items(live.length)} still running under it, with the same learning
          </label>
          <p id={belowId} className="muted help">
            {live.map((n) => `“${n.title || 'Untitled'}”`).join(', ')}
          </p>
        </div>
      )}
      {evidence.length > 0 && (
        <fieldset className="evidence-choice">
          <legend className="details-label">It rests on</legend>
          {evidence.map((e) => (
            <label key={e.id}>
              <input
                type="checkbox"
                checked={chosen.has(e.id)}
                onChange={(ev) => {
                  const next = new Set(chosen);
                  if (ev.target.checked) next.add(e.id);
                  else next.delete(e.id);
                  setChosen(next);
                }}
              />
              {STANCE_LABEL[e.stance]}: {e.summary}
            </label>
          ))}
        </fieldset>
      )}
      {results.length > 0 && (
        <fieldset className="evidence-choice">
          <legend className="details-label">It cites the votes</legend>
          {results.map((r) => (
            <label key={r.round.id}>
              <input
                type="checkbox"
                checked={votes.has(r.round.id)}
                onChange={(ev) => {
                  const next = new Set(votes);
                  if (ev.target.checked) next.add(r.round.id);
                  else next.delete(r.round.id);
                  setVotes(next);
                }}
              />
              Cite: {citeText(r)}
            </label>
          ))}
        </fieldset>
      )}
      <FormActions submit="Record decision" onCancel={onCancel} />
    </form>
  );
}
