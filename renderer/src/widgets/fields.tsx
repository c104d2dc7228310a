/**
 * Controls of the details panel. Text fields keep a local draft while focused and
 * commit once, on blur or Enter: typing is not one Yjs transaction per keystroke, and
 * a collaborator's edit to the same field does not move the caret. When a field is
 * not focused it shows the latest value from the store.
 */
import { useEffect, useEffectEvent, useId, useRef, useState } from 'react';
import { CanopyError } from '../../../shared/model';

type TextControl = HTMLInputElement | HTMLTextAreaElement;

export interface DraftFieldProps {
  /** The committed value, from the store. */
  value: string;
  /**
   * Writes `text` to the model; `base` is the value the field showed when editing
   * began. Return a message to refuse it: the field keeps the text, marked invalid,
   * until it is fixed or Escape reverts it. Return null when it was not taken (someone
   * changed the value meanwhile): the field shows the shared value again.
   */
  onCommit(text: string, base: string): string | null | void;
  readOnly: boolean;
  multiline?: boolean;
  /** Enter commits (default for single-line fields; for multi-line, Ctrl/⌘+Enter always does). */
  enterCommits?: boolean;
  id?: string;
  'aria-label'?: string;
  className?: string;
  placeholder?: string;
  maxLength?: number;
  inputMode?: React.HTMLAttributes<HTMLInputElement>['inputMode'];
  type?: 'text' | 'date';
  autoFocus?: boolean;
  rows?: number;
}

export function DraftField({
  value,
  onCommit,
  readOnly,
  multiline = false,
  enterCommits = !multiline,
  ...rest
}: DraftFieldProps) {
  const [draft, setDraft] = useState<string | null>(null);
  const [invalid, setInvalid] = useState<string | null>(null);
  const skipBlur = useRef(false);
  /** The value when editing began: what the person changed from. */
  const base = useRef(value);
  const errorId = useId();

  const commit = (text: string, leaving: boolean) => {
    const message = text === value ? undefined : onCommit(text, base.current);
    if (message === null) {
      setInvalid(null);
      setDraft(null);
      base.current = value;
      return;
    }
    if (message) {
      setInvalid(message);
      setDraft(text);
      return;
    }
    setInvalid(null);
    setDraft(leaving ? null : text);
    base.current = text;
  };

  const props = {
    ...rest,
    value: draft ?? value,
    readOnly,
    'aria-invalid': invalid ? true : undefined,
    'aria-describedby': invalid ? errorId : undefined,
    onFocus: () => {
      if (draft !== null) return;
      setDraft(value);
      base.current = value;
    },
    onChange: (e: React.ChangeEvent<TextControl>) => setDraft(e.currentTarget.value),
    onBlur: (e: React.FocusEvent<TextControl>) => {
      if (skipBlur.current) {
        skipBlur.current = false;
        return;
      }
      if (!readOnly) commit(e.currentTarget.value, true);
      else setDraft(null);
    },
    onKeyDown: (e: React.KeyboardEvent<TextControl>) => {
      if (e.key === 'Enter' && !e.nativeEvent.isComposing) {
        if (enterCommits || e.ctrlKey || e.metaKey) {
          e.preventDefault();
          if (!readOnly) commit(e.currentTarget.value, false);
        }
      } else if (e.key === 'Escape' && (draft !== null || invalid)) {
        // Revert to the shared value and leave the field without writing.
        skipBlur.current = true;
        setDraft(null);
        setInvalid(null);
        e.currentTarget.blur();
      }
    },
  };

  return (
    <>
      {multiline ? <textarea {...props} /> : <input type={rest.type ?? 'text'} {...props} />}
      {invalid && (
        <span id={errorId} role="alert" className="details-field-error">
          {invalid}
        </span>
      )}
    </>
  );
}

/** A labelled DraftField stacked label-over-control. */
export function LabelledDraft({
  label,
  className,
  ...field
}: Omit<DraftFieldProps, 'id'> & { label: string }) {
  const id = useId();
  return (
    <div className={`details-field ${className ?? ''}`}>
      <label htmlFor={id}>{label}</label>
      <DraftField id={id} {...field} />
    </div>
  );
}

/** Where "Set confidence" starts the slider: the middle, to be moved from there. */
const FIRST_CONFIDENCE = 50;

/**
 * Confidence 0–100, or not set. Not set shows no slider (a slider always shows a
 * value) but a "Set confidence" button, which sets the middle and hands the keyboard
 * to the slider. The slider writes when it is released (its native `change` event),
 * not on every step of a drag.
 */
export function ConfidenceField({
  value,
  readOnly,
  onCommit,
}: {
  value: number | null;
  readOnly: boolean;
  onCommit(value: number | null): void;
}) {
  const [draft, setDraft] = useState<number | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const setButton = useRef<HTMLButtonElement>(null);
  // Which control takes the keyboard once a button has set or cleared the value (the
  // button itself goes away with it).
  const focusNext = useRef<'slider' | 'set' | null>(null);
  useEffect(() => {
    const target = focusNext.current === 'slider' ? input.current : setButton.current;
    if (focusNext.current && target) {
      target.focus();
      focusNext.current = null;
    }
  }, [value]);
  const id = useId();
  const onRelease = useEffectEvent(() => {
    const el = input.current;
    if (!el) return;
    const n = Number(el.value);
    setDraft(null);
    if (Number.isFinite(n) && n !== value) onCommit(n);
  });
  const shown = draft ?? value;
  const hasSlider = shown !== null;
  useEffect(() => {
    const el = input.current;
    if (!el) return;
    const handler = () => onRelease();
    el.addEventListener('change', handler);
    return () => el.removeEventListener('change', handler);
  }, [hasSlider]);

  const text = shown === null ? 'Not set' : `${shown}%`;
  return (
    <div className="details-field">
      <div className="details-field-row">
        <label htmlFor={id}>Confidence</label>
        <output htmlFor={id} className={shown === null ? 'muted' : 'details-confidence-value'}>
          {text}
        </output>
      </div>
      <div className="details-field-row">
        {!hasSlider ? (
          !readOnly && (
            <button
              ref={setButton}
              type="button"
              className="details-small-button"
              onClick={() => {
                focusNext.current = 'slider';
                onCommit(FIRST_CONFIDENCE);
              }}
            >
              Set confidence
            </button>
          )
        ) : (
          <>
            <input
              ref={input}
              id={id}
              type="range"
              min={0}
              max={100}
              step={1}
              className="details-range"
              value={shown}
              aria-valuetext={text}
              disabled={readOnly}
              onChange={(e) => setDraft(Number(e.currentTarget.value))}
            />
            {!readOnly && (
              <button
                type="button"
                className="ghost details-small-button"
                aria-label="Clear confidence"
                onClick={() => {
                  focusNext.current = 'set';
                  onCommit(null);
                }}
              >
                Clear
              </button>
            )}
          </>
        )}
      </div>
    </div>
  );
}

/** Runs a model command; a CanopyError becomes a message shown next to the section. */
export function useAttempt() {
  const [error, setError] = useState<string | null>(null);
  const run = (fn: () => void): boolean => {
    try {
      fn();
      setError(null);
      return true;
    } catch (e) {
      if (e instanceof CanopyError) {
        setError(e.message);
        return false;
      }
      throw e;
    }
  };
  return { error, run, dismiss: () => setError(null) };
}

export function ErrorNote({ message, onDismiss }: { message: string | null; onDismiss(): void }) {
  if (!message) return null;
  return (
    <div role="alert" className="details-error">
      <span>{message}</span>
      <button
        type="button"
        className="ghost details-small-button"
        aria-label="Dismiss error"
        onClick={onDismiss}
      >
        ×
      </button>
    </div>
  );
}
