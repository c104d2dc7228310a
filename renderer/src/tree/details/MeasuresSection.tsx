/** Measures of success: baseline, target and current value, with progress and due date. */
import { useId, useState } from 'react';
import { isoDay, LIMITS, MEASURE_DIRECTIONS, type Measure } from '../../../../shared/model';
import { useModel } from '../../document/document-context';
import { ErrorNote, LabelledDraft, useAttempt } from '../../widgets/fields';
import type { SectionProps } from './EvidenceSection';
import { measureProgress, parseNumber } from './measure-progress';

type Run = (fn: () => void) => boolean;

const DIRECTION_LABEL = { increase: 'Increase', decrease: 'Decrease', maintain: 'Maintain' };
const DIRECTION_ARROW = { increase: '↑', decrease: '↓', maintain: '→' };

export function MeasuresSection({ node, readOnly }: SectionProps) {
  const model = useModel();
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
  readOnly,
  run,
  autoFocus,
}: {
  nodeId: string;
  measure: Measure;
  readOnly: boolean;
  run: Run;
  autoFocus: boolean;
}) {
  const model = useModel();
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
