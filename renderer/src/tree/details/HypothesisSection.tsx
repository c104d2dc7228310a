import { useId } from 'react';
import { LIMITS, type Hypothesis } from '../../../../shared/model';
import { useModel } from '../../document/document-context';
import { ErrorNote, LabelledDraft, useAttempt } from '../../widgets/fields';
import type { SectionProps } from './EvidenceSection';

/** We believe … will result in … We will know we have succeeded when … */
export function HypothesisSection({ node, readOnly }: SectionProps) {
  const model = useModel();
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
