/** The evidence recorded about an item, newest first, and a form to add more. */
import { useId, useState } from 'react';
import type { NodeData } from '../../../../shared/model';
import { useDoc, useModel } from '../../document/document-context';
import { EvidenceForm } from '../../learning/EvidenceForm';
import { STANCE_LABEL } from '../../learning/labels';
import { ErrorNote, useAttempt } from '../../widgets/fields';
import '../../learning/learning.css';

export interface SectionProps {
  node: NodeData;
  readOnly: boolean;
}

export function EvidenceSection({ node, readOnly }: SectionProps) {
  const model = useModel();
  const evidence = useDoc((s) => s.learning.evidenceByNode.get(node.id)) ?? [];
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
