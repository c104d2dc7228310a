/**
 * The details of the selected node: everything a facilitator fills in while the room
 * talks (description, owner, tags, confidence, investment, hypothesis, measures of
 * success, assumptions). Every change goes through a CanopyDoc command; text fields
 * commit on blur or Enter (see fields.tsx).
 */
import { useId, useMemo, useState } from 'react';
import { useStore } from 'zustand';
import {
  ASSUMPTION_STATES,
  cardColumn,
  isoDay,
  LIMITS,
  MEASURE_DIRECTIONS,
  RISK_LEVELS,
  type Assumption,
  type BoardColumn,
  type CanopyDoc,
  type Hypothesis,
  type Measure,
  type NodeData,
  type NodeKind,
} from '../../../../shared/model';
import type { createDocStore } from '../../document/doc-store';
import { rollUps } from '../../../../shared/flow/learning';
import {
  ConfidenceField,
  DraftField,
  ErrorNote,
  LabelledDraft,
  useAttempt,
} from '../../widgets/fields';
import { DecisionSection, EvidenceSection, RollUpSection, StoppedNote } from './LearningSections';
import { KIND_LABEL } from '../../widgets/kind-labels';
import { RenameNotice } from '../../document/RenameNotice';
import { measureProgress, parseNumber } from './measure-progress';
import './details.css';

export interface DetailsPanelProps {
  store: ReturnType<typeof createDocStore>;
  model: CanopyDoc;
  /** The selected node; null shows a prompt to select one. */
  nodeId: string | null;
  onClose(): void;
  /** Opens the learning timeline of a node and its subtree. */
  onTimeline?(nodeId: string): void;
}

const CHILD_KINDS: readonly NodeKind[] = ['goal', 'bet', 'initiative'];

const DIRECTION_LABEL = { increase: 'Increase', decrease: 'Decrease', maintain: 'Maintain' };
const DIRECTION_ARROW = { increase: '↑', decrease: '↓', maintain: '→' };
const RISK_LABEL = { low: 'Low', medium: 'Medium', high: 'High' };
const STATE_LABEL = { open: 'Open', validated: 'Validated', invalidated: 'Invalidated' };

const isTextTarget = (el: EventTarget) =>
  el instanceof HTMLInputElement ||
  el instanceof HTMLTextAreaElement ||
  el instanceof HTMLSelectElement;

export function DetailsPanel({ store, model, nodeId, onClose, onTimeline }: DetailsPanelProps) {
  const node = useStore(store, (s) => (nodeId ? s.nodes.get(nodeId) : undefined));
  const readOnly = useStore(store, (s) => s.readOnly);
  const isRoot = useStore(store, (s) => nodeId !== null && s.rootId === nodeId);
  const columns = useStore(store, (s) => s.board.columns);
  const column = useStore(store, (s) => (nodeId ? cardColumn(s.board, nodeId).id : null));

  return (
    <aside
      aria-label="Details"
      data-pane="details"
      className={`details-panel${node ? ` kind-${node.kind}` : ''}`}
      onKeyDown={(e) => {
        // Escape in a field reverts the field; elsewhere in the panel it closes it.
        if (e.key === 'Escape' && !isTextTarget(e.target)) onClose();
      }}
    >
      {!node || node.deleted ? (
        <div className="details-header">
          <p className="details-empty muted">
            {nodeId
              ? 'This item no longer exists: a collaborator may have deleted it.'
              : 'Select an item in the tree to see its details.'}
          </p>
          <CloseButton onClose={onClose} />
        </div>
      ) : (
        // Keyed by node: drafts and messages never leak from one node to another.
        <NodeDetails
          key={node.id}
          node={node}
          model={model}
          readOnly={readOnly}
          isRoot={isRoot}
          columns={columns}
          column={column}
          store={store}
          onClose={onClose}
          onTimeline={onTimeline}
        />
      )}
    </aside>
  );
}

function CloseButton({ onClose }: { onClose(): void }) {
  return (
    <button
      type="button"
      className="ghost details-close"
      aria-label="Close details"
      onClick={onClose}
    >
      ×
    </button>
  );
}

interface NodeProps {
  node: NodeData;
  model: CanopyDoc;
  readOnly: boolean;
}

function NodeDetails({
  node,
  model,
  readOnly,
  isRoot,
  columns,
  column,
  store,
  onClose,
  onTimeline,
}: NodeProps & {
  isRoot: boolean;
  columns: readonly BoardColumn[];
  column: string | null;
  store: ReturnType<typeof createDocStore>;
  onClose(): void;
  onTimeline?(nodeId: string): void;
}) {
  const hasChildren = useStore(store, (s) => (s.childrenOf.get(node.id)?.length ?? 0) > 0);
  const order = useStore(store, (s) => s.order);
  const childrenOf = useStore(store, (s) => s.childrenOf);
  const learning = useStore(store, (s) => s.learning);
  const rollUp = useMemo(
    () => (hasChildren ? rollUps({ order, childrenOf }, learning).get(node.id) : undefined),
    [hasChildren, order, childrenOf, learning, node.id],
  );
  const { error, run, dismiss } = useAttempt();
  const renamed = useStore(store, (s) => s.renames.find((c) => c.key === `node:${node.id}`));
  const kindId = useId();
  const titleId = useId();
  const id = node.id;
  const isBetLike = node.kind === 'bet' || node.kind === 'initiative';
  const kinds: readonly NodeKind[] = isRoot
    ? ['vision']
    : node.kind === 'vision'
      ? ['vision', ...CHILD_KINDS] // a misplaced vision from a peer: let it be changed
      : CHILD_KINDS;

  return (
    <>
      <header className="details-header">
        {/* The panel's sections are h3: this keeps the outline h1 → h2 → h3. */}
        <h2 className="visually-hidden">
          {KIND_LABEL[node.kind]}: {node.title || 'Untitled'}
        </h2>
        <div className="details-header-row">
          <span className="kind-badge" aria-hidden="true">
            {KIND_LABEL[node.kind]}
          </span>
          <label htmlFor={kindId} className="visually-hidden">
            Kind
          </label>
          <select
            id={kindId}
            className="details-kind-select"
            value={node.kind}
            disabled={readOnly || isRoot}
            title={isRoot ? 'The root of the tree is always the vision' : undefined}
            onChange={(e) => {
              const kind = e.currentTarget.value as NodeKind;
              run(() => model.updateNode(id, { kind }));
            }}
          >
            {kinds.map((k) => (
              <option key={k} value={k}>
                {KIND_LABEL[k]}
              </option>
            ))}
          </select>
          <CloseButton onClose={onClose} />
        </div>
        <label htmlFor={titleId} className="visually-hidden">
          Title
        </label>
        <DraftField
          id={titleId}
          multiline
          enterCommits
          rows={1}
          className="details-title"
          placeholder={`Untitled ${KIND_LABEL[node.kind].toLowerCase()}`}
          maxLength={LIMITS.title}
          value={node.title}
          readOnly={readOnly}
          onCommit={(title, base) => {
            // Renamed by someone since the field was focused: theirs stays, the notice says so.
            const conflict = { found: false };
            run(() => {
              conflict.found = model.rename({ kind: 'node', id }, title, { base }) !== null;
              // A rename is undone on its own, however quickly the next edit follows.
              model.undoManager.stopCapturing();
            });
            if (conflict.found) return null;
          }}
        />
      </header>

      <div className="details-body">
        {renamed && <RenameNotice conflict={renamed} what="this" model={model} run={run} />}
        <ErrorNote message={error} onDismiss={dismiss} />
        {isBetLike && <StoppedNote node={node} model={model} store={store} readOnly={readOnly} />}

        {isBetLike && (
          <label className="details-field">
            <span className="details-label">Board column</span>
            <select
              value={column ?? ''}
              disabled={readOnly}
              onChange={(e) => {
                const to = e.currentTarget.value;
                run(() => void model.moveCard(id, to));
              }}
            >
              {columns.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </label>
        )}

        <LabelledDraft
          label="Description"
          multiline
          rows={3}
          maxLength={LIMITS.description}
          placeholder="What this is and why it matters"
          value={node.description}
          readOnly={readOnly}
          onCommit={(description) => void run(() => model.updateNode(id, { description }))}
        />
        <LabelledDraft
          label="Owner"
          maxLength={LIMITS.owner}
          placeholder="Who carries it"
          value={node.owner}
          readOnly={readOnly}
          onCommit={(owner) => void run(() => model.updateNode(id, { owner }))}
        />
        <TagsField node={node} model={model} readOnly={readOnly} run={run} />
        <ConfidenceField
          value={node.confidence}
          readOnly={readOnly}
          onCommit={(confidence) => void run(() => model.updateNode(id, { confidence }))}
        />
        {isBetLike && (
          <LabelledDraft
            label="Investment"
            maxLength={LIMITS.text}
            placeholder="e.g. 2 people, 3 months"
            value={node.investment}
            readOnly={readOnly}
            onCommit={(investment) => void run(() => model.updateNode(id, { investment }))}
          />
        )}

        {isBetLike && <HypothesisSection node={node} model={model} readOnly={readOnly} />}
        <EvidenceSection node={node} model={model} store={store} readOnly={readOnly} />
        {isBetLike && (
          <DecisionSection node={node} model={model} store={store} readOnly={readOnly} />
        )}
        {hasChildren && <RollUpSection rollUp={rollUp} store={store} />}
        {onTimeline && (
          <button
            type="button"
            className="ghost details-small-button details-timeline-link"
            onClick={() => onTimeline(node.id)}
          >
            Learning timeline of this item →
          </button>
        )}
        <MeasuresSection node={node} model={model} readOnly={readOnly} />
        <AssumptionsSection node={node} model={model} readOnly={readOnly} />
      </div>
    </>
  );
}

type Run = (fn: () => void) => boolean;

function TagsField({ node, model, readOnly, run }: NodeProps & { run: Run }) {
  const [text, setText] = useState('');
  const inputId = useId();
  const full = node.tags.length >= LIMITS.tags;
  const add = (raw: string[]) => {
    for (const tag of raw.map((t) => t.trim()).filter(Boolean)) {
      if (!node.tags.includes(tag) && !run(() => model.addTag(node.id, tag))) return;
    }
  };
  return (
    <div className="details-field">
      {readOnly ? (
        <span className="details-label">Tags</span>
      ) : (
        <label htmlFor={inputId}>Tags</label>
      )}
      {node.tags.length > 0 ? (
        <ul className="details-tags" aria-label="Tags">
          {node.tags.map((tag) => (
            <li key={tag} className="details-tag">
              <span>{tag}</span>
              {!readOnly && (
                <button
                  type="button"
                  className="details-tag-remove"
                  aria-label={`Remove tag ${tag}`}
                  onClick={() => run(() => model.removeTag(node.id, tag))}
                >
                  ×
                </button>
              )}
            </li>
          ))}
        </ul>
      ) : (
        readOnly && <p className="muted details-none">No tags</p>
      )}
      {!readOnly && (
        <input
          id={inputId}
          type="text"
          aria-label="Add tag"
          value={text}
          maxLength={LIMITS.tag * 4}
          disabled={full}
          placeholder={full ? `At most ${LIMITS.tags} tags` : 'Add a tag, then Enter or comma'}
          onChange={(e) => {
            const value = e.currentTarget.value;
            if (!value.includes(',')) return setText(value);
            // Typed or pasted commas: every complete piece becomes a tag.
            const parts = value.split(',');
            add(parts.slice(0, -1));
            setText(parts[parts.length - 1]!);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.nativeEvent.isComposing) {
              e.preventDefault();
              add([text]);
              setText('');
            }
          }}
        />
      )}
    </div>
  );
}

function HypothesisSection({ node, model, readOnly }: NodeProps) {
  const { error, run, dismiss } = useAttempt();
  const headingId = useId();
  const field = (key: keyof Hypothesis, label: string, placeholder: string) => (
    <LabelledDraft
      label={label}
      multiline
      rows={2}
      maxLength={LIMITS.text}
      placeholder={placeholder}
      className="details-hypothesis-part"
      value={node.hypothesis[key]}
      readOnly={readOnly}
      onCommit={(text) =>
        void run(() => model.updateNode(node.id, { hypothesis: { [key]: text } }))
      }
    />
  );
  return (
    <section className="details-section" aria-labelledby={headingId}>
      <h3 id={headingId}>Hypothesis</h3>
      <ErrorNote message={error} onDismiss={dismiss} />
      <div className="details-hypothesis">
        {field('believe', 'We believe', 'this capability or change…')}
        {field('result', 'will result in', 'this outcome…')}
        {field('signal', 'We will know we have succeeded when', 'we see this measurable signal…')}
      </div>
    </section>
  );
}

function MeasuresSection({ node, model, readOnly }: NodeProps) {
  const { error, run, dismiss } = useAttempt();
  const [added, setAdded] = useState<string | null>(null);
  const headingId = useId();
  const full = node.measures.length >= LIMITS.measures;
  return (
    <section className="details-section" aria-labelledby={headingId}>
      <div className="details-section-head">
        <h3 id={headingId}>Measures of success</h3>
        {!readOnly && (
          <button
            type="button"
            className="details-small-button"
            disabled={full}
            onClick={() =>
              run(() => setAdded(model.addMeasure(node.id, { name: '', direction: 'increase' })))
            }
          >
            Add measure
          </button>
        )}
      </div>
      <ErrorNote message={error} onDismiss={dismiss} />
      {node.measures.length === 0 ? (
        <p className="muted details-none">No measures yet.</p>
      ) : (
        // Groups, not list items: each is a labelled group of fields.
        <div className="details-list">
          {node.measures.map((m) => (
            <MeasureItem
              key={m.id}
              nodeId={node.id}
              measure={m}
              model={model}
              readOnly={readOnly}
              run={run}
              autoFocus={m.id === added}
            />
          ))}
        </div>
      )}
    </section>
  );
}

const formatNumber = (n: number) => n.toLocaleString(undefined, { maximumFractionDigits: 2 });
const today = () => isoDay(Date.now());

function MeasureItem({
  nodeId,
  measure: m,
  model,
  readOnly,
  run,
  autoFocus,
}: {
  nodeId: string;
  measure: Measure;
  model: CanopyDoc;
  readOnly: boolean;
  run: Run;
  autoFocus: boolean;
}) {
  const directionId = useId();
  const name = m.name || 'Untitled measure';
  const update = (patch: Partial<Omit<Measure, 'id' | 'updatedAt'>>) =>
    void run(() => model.updateMeasure(nodeId, m.id, patch));
  const numberField = (key: 'baseline' | 'target' | 'current', label: string) => (
    <LabelledDraft
      label={label}
      inputMode="decimal"
      className="details-number"
      value={m[key] === null ? '' : String(m[key])}
      readOnly={readOnly}
      onCommit={(text) => {
        const n = parseNumber(text);
        if (n === undefined) return `${label} must be a number (or empty)`;
        if (n !== m[key]) update({ [key]: n });
      }}
    />
  );
  return (
    <div className="details-item" role="group" aria-label={`Measure: ${name}`}>
      <div className="details-item-head">
        <LabelledDraft
          label="Measure name"
          className="details-grow"
          autoFocus={autoFocus}
          maxLength={LIMITS.text}
          placeholder="e.g. Weekly sign-ups"
          value={m.name}
          readOnly={readOnly}
          onCommit={(text) => update({ name: text })}
        />
        {!readOnly && (
          <button
            type="button"
            className="ghost danger details-remove"
            aria-label={`Remove measure ${name}`}
            onClick={() => run(() => model.removeMeasure(nodeId, m.id))}
          >
            ×
          </button>
        )}
      </div>
      <MeasureBar measure={m} />
      <div className="details-grid">
        {numberField('baseline', 'Baseline')}
        {numberField('target', 'Target')}
        {numberField('current', 'Current')}
        <LabelledDraft
          label="Unit"
          maxLength={40}
          placeholder="e.g. members"
          value={m.unit}
          readOnly={readOnly}
          onCommit={(unit) => update({ unit })}
        />
        <div className="details-field">
          <label htmlFor={directionId}>Direction</label>
          <select
            id={directionId}
            value={m.direction}
            disabled={readOnly}
            onChange={(e) => update({ direction: e.currentTarget.value as Measure['direction'] })}
          >
            {MEASURE_DIRECTIONS.map((d) => (
              <option key={d} value={d}>
                {DIRECTION_ARROW[d]} {DIRECTION_LABEL[d]}
              </option>
            ))}
          </select>
        </div>
        <LabelledDraft
          label="Due date"
          type="date"
          value={m.due ?? ''}
          readOnly={readOnly}
          onCommit={(text) => update({ due: text === '' ? null : text })}
        />
      </div>
    </div>
  );
}

function MeasureBar({ measure: m }: { measure: Measure }) {
  const progress = measureProgress(m);
  const unit = m.unit ? ` ${m.unit}` : '';
  const overdue = m.due !== null && m.due < today() && !progress?.achieved;
  if (!progress) {
    return (
      <p className="details-measure-summary muted">
        {m.target === null ? 'No target yet' : 'No current value yet'}
        {m.target !== null && ` · target ${formatNumber(m.target)}${unit}`}
      </p>
    );
  }
  const percent = Math.round(progress.ratio * 100);
  const summary =
    m.direction === 'maintain'
      ? `${formatNumber(m.current!)} vs ${formatNumber(m.target!)}${unit} to maintain`
      : `${formatNumber(m.current!)} of ${formatNumber(m.target!)}${unit} ${DIRECTION_ARROW[m.direction]}`;
  const state = progress.achieved ? 'on target' : `${percent}% of the way`;
  return (
    <div className="details-measure-summary">
      <div className="details-measure-text">
        <span>{summary}</span>
        <span className={progress.achieved ? 'details-achieved' : 'muted'}>
          {progress.achieved ? '✓ on target' : `${percent}%`}
          {overdue && <span className="details-overdue"> · overdue</span>}
        </span>
      </div>
      <div
        role="meter"
        aria-label={`Progress of ${m.name || 'measure'}`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={`${summary}: ${state}`}
        className={`details-meter${progress.achieved ? ' details-meter-achieved' : ''}`}
      >
        <div className="details-meter-fill" style={{ width: `${percent}%` }} />
      </div>
    </div>
  );
}

function AssumptionsSection({ node, model, readOnly }: NodeProps) {
  const { error, run, dismiss } = useAttempt();
  const [added, setAdded] = useState<string | null>(null);
  const headingId = useId();
  const full = node.assumptions.length >= LIMITS.assumptions;
  return (
    <section className="details-section" aria-labelledby={headingId}>
      <div className="details-section-head">
        <h3 id={headingId}>Assumptions</h3>
        {!readOnly && (
          <button
            type="button"
            className="details-small-button"
            disabled={full}
            onClick={() => run(() => setAdded(model.addAssumption(node.id, { text: '' })))}
          >
            Add assumption
          </button>
        )}
      </div>
      <ErrorNote message={error} onDismiss={dismiss} />
      {node.assumptions.length === 0 ? (
        <p className="muted details-none">No assumptions yet.</p>
      ) : (
        // Groups, not list items: each is a labelled group of fields.
        <div className="details-list">
          {node.assumptions.map((a) => (
            <AssumptionItem
              key={a.id}
              nodeId={node.id}
              assumption={a}
              model={model}
              readOnly={readOnly}
              run={run}
              autoFocus={a.id === added}
            />
          ))}
        </div>
      )}
    </section>
  );
}

function AssumptionItem({
  nodeId,
  assumption: a,
  model,
  readOnly,
  run,
  autoFocus,
}: {
  nodeId: string;
  assumption: Assumption;
  model: CanopyDoc;
  readOnly: boolean;
  run: Run;
  autoFocus: boolean;
}) {
  const riskId = useId();
  const stateId = useId();
  const name = a.text || 'Untitled assumption';
  const update = (patch: Partial<Omit<Assumption, 'id'>>) =>
    void run(() => model.updateAssumption(nodeId, a.id, patch));
  return (
    <div
      className={`details-item details-assumption risk-${a.risk} state-${a.state}`}
      role="group"
      aria-label={`Assumption: ${name}`}
    >
      <div className="details-item-head">
        <LabelledDraft
          label="Assumption"
          multiline
          rows={2}
          className="details-grow"
          autoFocus={autoFocus}
          maxLength={LIMITS.text}
          placeholder="What must be true for this to work?"
          value={a.text}
          readOnly={readOnly}
          onCommit={(text) => update({ text })}
        />
        {!readOnly && (
          <button
            type="button"
            className="ghost danger details-remove"
            aria-label={`Remove assumption ${name}`}
            onClick={() => run(() => model.removeAssumption(nodeId, a.id))}
          >
            ×
          </button>
        )}
      </div>
      <div className="details-grid">
        <div className="details-field">
          <label htmlFor={riskId}>Risk</label>
          <select
            id={riskId}
            value={a.risk}
            disabled={readOnly}
            onChange={(e) => update({ risk: e.currentTarget.value as Assumption['risk'] })}
          >
            {RISK_LEVELS.map((r) => (
              <option key={r} value={r}>
                {RISK_LABEL[r]}
              </option>
            ))}
          </select>
        </div>
        <div className="details-field">
          <label htmlFor={stateId}>State</label>
          <select
            id={stateId}
            value={a.state}
            disabled={readOnly}
            onChange={(e) => update({ state: e.currentTarget.value as Assumption['state'] })}
          >
            {ASSUMPTION_STATES.map((s) => (
              <option key={s} value={s}>
                {STATE_LABEL[s]}
              </option>
            ))}
          </select>
        </div>
      </div>
    </div>
  );
}
