/**
 * The details panel's learning: evidence on the item, its decision (request, then
 * record), and what its subtree has learned. Stopping asks what was learned, never
 * who is to blame.
 */
import { useId, useMemo, useState } from 'react';
import { useStore } from 'zustand';
import type { RollUp } from '../../../../shared/flow/learning';
import {
  isoDay,
  isStopped,
  LEARNING_LIMITS,
  liveBelow,
  openDecision,
  OUTCOMES,
  STANCES,
  STRENGTHS,
  type CanopyDoc,
  type Decision,
  type NodeData,
  type Outcome,
  type Stance,
  type Strength,
  stopDecision,
} from '../../../../shared/model';
import type { createDocStore } from '../../document/doc-store';
import { ErrorNote, useAttempt } from '../../widgets/fields';

type Store = ReturnType<typeof createDocStore>;

export const STANCE_LABEL: Record<Stance, string> = {
  supports: 'Supports',
  contradicts: 'Contradicts',
  inconclusive: 'Inconclusive',
};
export const OUTCOME_LABEL: Record<Outcome, string> = {
  persevere: 'Persevere',
  pivot: 'Pivot',
  stop: 'Stop',
  scale: 'Scale',
};

interface Props {
  node: NodeData;
  model: CanopyDoc;
  store: Store;
  readOnly: boolean;
}

export function EvidenceSection({ node, model, store, readOnly }: Props) {
  const evidence = useStore(store, (s) => s.learning.evidenceByNode.get(node.id)) ?? [];
  const { error, run, dismiss } = useAttempt();
  const [adding, setAdding] = useState(false);
  const headingId = useId();
  return (
    <section className="details-section" aria-labelledby={headingId}>
      <div className="details-section-head">
        <h3 id={headingId}>Evidence</h3>
        {!readOnly && !adding && (
          <button type="button" className="details-small-button" onClick={() => setAdding(true)}>
            Add evidence
          </button>
        )}
      </div>
      <ErrorNote message={error} onDismiss={dismiss} />
      {adding && (
        <EvidenceForm
          onCancel={() => setAdding(false)}
          onSave={(e) => run(() => void model.addEvidence(node.id, e)) && setAdding(false)}
        />
      )}
      {evidence.length === 0 && !adding ? (
        <p className="muted details-empty-note">
          No evidence yet. Add what you observed, for or against.
        </p>
      ) : (
        <ul className="details-list evidence-list" aria-label="Evidence">
          {[...evidence].reverse().map((e) => (
            <li key={e.id} className={`evidence stance-${e.stance}`}>
              <span className="evidence-head">
                <span className="badge">{STANCE_LABEL[e.stance]}</span>
                <span className="muted">
                  {e.strength} · {e.date}
                  {e.recordedBy ? ` · ${e.recordedBy}` : ''}
                </span>
                {!readOnly && (
                  <button
                    type="button"
                    className="ghost details-small-button"
                    aria-label={`Remove evidence: ${e.summary}`}
                    onClick={() => run(() => model.removeEvidence(e.id))}
                  >
                    Remove
                  </button>
                )}
              </span>
              <span className="evidence-summary">{e.summary}</span>
              {e.source && <Source text={e.source} />}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** A source: a link when it is one (http or https only), text otherwise. */
function Source({ text }: { text: string }) {
  const link = /^https?:\/\/\S+$/.test(text);
  return (
    <span className="evidence-source muted">
      Source:{' '}
      {link ? (
        <a href={text} target="_blank" rel="noreferrer noopener">
          {text}
        </a>
      ) : (
        text
      )}
    </span>
  );
}

export function EvidenceForm({
  onSave,
  onCancel,
  autoFocus = true,
}: {
  onSave(e: {
    summary: string;
    stance: Stance;
    strength: Strength;
    source: string;
    date: string;
  }): void;
  onCancel(): void;
  autoFocus?: boolean;
}) {
  const [summary, setSummary] = useState('');
  const [stance, setStance] = useState<Stance>('supports');
  const [strength, setStrength] = useState<Strength>('moderate');
  const [source, setSource] = useState('');
  const [date, setDate] = useState(() => isoDay(Date.now()));
  return (
    <form
      className="learning-form"
      aria-label="New evidence"
      onSubmit={(e) => {
        e.preventDefault();
        onSave({ summary, stance, strength, source, date });
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          onCancel();
        }
      }}
    >
      <label className="details-field">
        <span className="details-label">What was observed</span>
        <textarea
          autoFocus={autoFocus}
          rows={2}
          required
          maxLength={LEARNING_LIMITS.summary}
          value={summary}
          onChange={(e) => setSummary(e.target.value)}
        />
      </label>
      <fieldset className="stance-choice">
        <legend className="details-label">It</legend>
        {STANCES.map((s) => (
          <label key={s}>
            <input
              type="radio"
              name="stance"
              value={s}
              checked={stance === s}
              onChange={() => setStance(s)}
            />
            {s === 'inconclusive' ? 'Is inconclusive' : `${STANCE_LABEL[s]} the hypothesis`}
          </label>
        ))}
      </fieldset>
      <div className="details-field-row">
        <label className="details-field">
          <span className="details-label">Strength</span>
          <select value={strength} onChange={(e) => setStrength(e.target.value as Strength)}>
            {STRENGTHS.map((s) => (
              <option key={s} value={s}>
                {s[0]!.toUpperCase() + s.slice(1)}
              </option>
            ))}
          </select>
        </label>
        <label className="details-field">
          <span className="details-label">Date</span>
          <input type="date" required value={date} onChange={(e) => setDate(e.target.value)} />
        </label>
      </div>
      <label className="details-field">
        <span className="details-label">Source (a note or a link)</span>
        <input
          maxLength={LEARNING_LIMITS.source}
          value={source}
          onChange={(e) => setSource(e.target.value)}
        />
      </label>
      <FormActions submit="Save evidence" onCancel={onCancel} />
    </form>
  );
}

/** The cards still running under a node, kept current. */
function useLiveBelow(store: Store, nodeId: string): NodeData[] {
  const nodes = useStore(store, (s) => s.nodes);
  const childrenOf = useStore(store, (s) => s.childrenOf);
  const board = useStore(store, (s) => s.board);
  const learning = useStore(store, (s) => s.learning);
  return useMemo(
    () => liveBelow({ nodes, childrenOf, board, learning }, nodeId).map((id) => nodes.get(id)!),
    [nodes, childrenOf, board, learning, nodeId],
  );
}

const items = (n: number) => (n === 1 ? '1 item' : `${n} items`);

/**
 * A stopped item says so first: when, and what it taught. Work still running under it
 * is listed, with one action to stop it with the same learning.
 */
export function StoppedNote({ node, model, store, readOnly }: Props) {
  const stopped = useStore(store, (s) =>
    isStopped({ nodes: s.nodes, board: s.board, learning: s.learning }, node.id),
  );
  const stop = useStore(store, (s) => stopDecision(s.learning, node.id));
  const live = useLiveBelow(store, node.id);
  const { error, run, dismiss } = useAttempt();
  if (!stopped) return null;
  return (
    <div className="stopped-note">
      <p role="status">
        {stop ? (
          <>
            <strong>Stopped on {isoDay(stop.decidedAt!)}.</strong> Learned: {stop.learning}
          </>
        ) : (
          <strong>Stopped (moved to a Stopped column, no stop decision recorded).</strong>
        )}
      </p>
      {live.length > 0 && (
        <>
          <p>Still running under it: {live.map((n) => `“${n.title || 'Untitled'}”`).join(', ')}.</p>
          {!readOnly &&
            (stop ? (
              <button
                type="button"
                className="details-small-button"
                onClick={() => run(() => void model.stopLiveBelow(node.id))}
              >
                Stop the {items(live.length)} still running under it
              </button>
            ) : (
              <p className="muted">
                Record a stop decision on it to stop them with what it taught.
              </p>
            ))}
        </>
      )}
      <ErrorNote message={error} onDismiss={dismiss} />
    </div>
  );
}

export function DecisionSection({ node, model, store, readOnly }: Props) {
  const live = useLiveBelow(store, node.id);
  const decisions = useStore(store, (s) => s.learning.decisionsByNode.get(node.id)) ?? [];
  const open = useStore(store, (s) => openDecision(s.learning, node.id));
  const evidence = useStore(store, (s) => s.learning.evidenceByNode.get(node.id)) ?? [];
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
            <DecisionItem key={d.id} decision={d} />
          ))}
        </ul>
      )}
    </section>
  );
}

function DecisionItem({ decision: d }: { decision: Decision }) {
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
  live,
  onSave,
  onCancel,
}: {
  evidence: ReadonlyArray<{ id: string; summary: string; stance: Stance }>;
  /** Work still running under the item: a stop offers to stop it too. */
  live: readonly NodeData[];
  onSave(d: {
    outcome: Outcome;
    rationale: string;
    learning: string;
    evidence: string[];
    stopLiveBelow: boolean;
  }): void;
  onCancel(): void;
}) {
  const [outcome, setOutcome] = useState<Outcome>('persevere');
  const [rationale, setRationale] = useState('');
  const [learning, setLearning] = useState('');
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
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
      <FormActions submit="Record decision" onCancel={onCancel} />
    </form>
  );
}

/** What the subtree has learned, for a node with children. */
export function RollUpSection({ rollUp, store }: { rollUp: RollUp | undefined; store: Store }) {
  const nodes = useStore(store, (s) => s.nodes);
  const headingId = useId();
  if (!rollUp) return null;
  const { supports, contradicts, inconclusive, decisions, stopped } = rollUp;
  return (
    <section className="details-section" aria-labelledby={headingId}>
      <h3 id={headingId}>What this part of the tree has learned</h3>
      <p className="rollup-counts">
        {supports} for · {contradicts} against · {inconclusive} inconclusive · {decisions}{' '}
        {decisions === 1 ? 'decision' : 'decisions'}
      </p>
      {stopped.length > 0 && (
        <ul className="details-list rollup-stopped" aria-label="Stopped, and what they taught">
          {stopped.map((s) => (
            <li key={s.nodeId}>
              <strong>{nodes.get(s.nodeId)?.title || 'Untitled'}</strong> stopped. Learned:{' '}
              {s.learning}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** Cancel and the form's own submit, at the end of each learning form. */
function FormActions({ submit, onCancel }: { submit: string; onCancel(): void }) {
  return (
    <div className="learning-actions">
      <button type="button" className="ghost" onClick={onCancel}>
        Cancel
      </button>
      <button type="submit" className="primary">
        {submit}
      </button>
    </div>
  );
}
