/**
 * A piece of evidence: what was observed, whether it supports the hypothesis, how
 * strong, when, and from where. In the details and in the Alt+E dialog.
 */
import { useState } from 'react';
import {
  isoDay,
  LEARNING_LIMITS,
  STANCES,
  STRENGTHS,
  type Stance,
  type Strength,
} from '../../../shared/model';
import { FormActions } from '../widgets/FormActions';
import { STANCE_LABEL } from './labels';
import './learning.css';

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
