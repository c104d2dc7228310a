/** What must be true for an item to work: each with its risk and whether it held. */
import { useId, useState } from 'react';
import { ASSUMPTION_STATES, LIMITS, RISK_LEVELS, type Assumption } from '../../../../shared/model';
import { useModel } from '../../document/document-context';
import { ErrorNote, LabelledDraft, useAttempt } from '../../widgets/fields';
import type { SectionProps } from './EvidenceSection';

type Run = (fn: () => void) => boolean;

const RISK_LABEL = { low: 'Low', medium: 'Medium', high: 'High' };
const STATE_LABEL = { open: 'Open', validated: 'Validated', invalidated: 'Invalidated' };

export function AssumptionsSection({ node, readOnly }: SectionProps) {
  const model = useModel();
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
  readOnly,
  run,
  autoFocus,
}: {
  nodeId: string;
  assumption: Assumption;
  readOnly: boolean;
  run: Run;
  autoFocus: boolean;
}) {
  const model = useModel();
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
