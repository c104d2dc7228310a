/**
 * "Start a vote…": the facilitator sets a round up (a dot vote, a budget, WSJF scores
 * or an anonymous prompt, on a set of items of the tree) and opens it for the room.
 * The form says what is wrong field by field; the host checks the round again.
 */
import { useCallback, useId, useMemo, useState, type FormEvent, type ReactNode } from 'react';
import { flushSync } from 'react-dom';
import { NODE_KIND_LABEL, REFLECTION_QUESTIONS } from '../../../../shared/model';
import { useDoc } from '../../document/document-context';
import { useModalDialog } from '../../widgets/useModalDialog';
import { useRoom } from '../room-store';
import {
  DEFAULT_TITLE,
  defaultForm,
  formItems,
  itemSets,
  KIND_HINT,
  KIND_LABEL,
  pickable,
  roundFromForm,
  setupProblems,
  type RoundKind,
  type SetupField,
  type SetupForm,
} from './round-setup';
import { RoundControls } from './RoundControls';
import { useVoteUi } from './vote-ui';
import './votes.css';

export function StartVoteDialog() {
  const open = useVoteUi((s) => s.setupOpen);
  const closeDialog = useVoteUi((s) => s.close);
  const close = useCallback(() => closeDialog('setupOpen'), [closeDialog]);
  const setDialog = useModalDialog(open);
  const round = useRoom((s) => s.snapshot?.round ?? null);
  return (
    <dialog
      ref={setDialog}
      className="sheet console-sheet vote-sheet"
      aria-labelledby="start-vote-title"
      onClose={close}
    >
      <h2 id="start-vote-title">Start a vote</h2>
      {open &&
        (round ? (
          <>
            <RoundControls />
            <div className="sheet-actions">
              <button type="button" onClick={close}>
                Close
              </button>
            </div>
          </>
        ) : (
          <SetupForm onDone={close} />
        ))}
    </dialog>
  );
}

function SetupForm({ onDone }: { onDone(): void }) {
  const order = useDoc((s) => s.order);
  const nodes = useDoc((s) => s.nodes);
  const board = useDoc((s) => s.board);
  const command = useRoom((s) => s.command);
  const sets = useMemo(() => itemSets({ order, nodes, board }), [order, nodes, board]);
  const candidates = useMemo(() => pickable({ order, nodes, board }), [order, nodes, board]);
  const [form, setForm] = useState<SetupForm>(() => defaultForm(sets));
  const [titleTouched, setTitleTouched] = useState(false);
  const [tried, setTried] = useState(false);
  const items = formItems(form, sets);
  const problems = setupProblems(form, items);
  const shown = tried ? problems : {};
  const set = (patch: Partial<SetupForm>) => setForm((f) => ({ ...f, ...patch }));
  const id = useId();

  const chooseKind = (kind: RoundKind) =>
    set(titleTouched ? { kind } : { kind, title: DEFAULT_TITLE[kind] });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const formElement = e.currentTarget as HTMLFormElement;
    flushSync(() => setTried(true));
    if (Object.keys(problems).length) {
      // The first field that needs fixing, now that it says so.
      formElement.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      return;
    }
    command({ t: 'open-round', round: roundFromForm(form, items) });
    onDone();
  };

  const field = (name: SetupField) => ({
    'aria-invalid': shown[name] ? true : undefined,
    'aria-describedby': shown[name] ? `${id}-${name}` : undefined,
  });
  const problem = (name: SetupField) => <Problem id={`${id}-${name}`} text={shown[name]} />;

  return (
    <form className="console-body vote-setup" onSubmit={submit} noValidate>
      <fieldset className="vote-kinds">
        <legend>Kind of round</legend>
        {(Object.keys(KIND_LABEL) as RoundKind[]).map((kind) => (
          <label key={kind} className="vote-kind">
            <input
              type="radio"
              name={`${id}-kind`}
              checked={form.kind === kind}
              aria-describedby={`${id}-hint-${kind}`}
              onChange={() => chooseKind(kind)}
            />
            <span>
              <strong>{KIND_LABEL[kind]}</strong>
              <span className="muted" id={`${id}-hint-${kind}`} aria-hidden="true">
                {KIND_HINT[kind]}
              </span>
            </span>
          </label>
        ))}
      </fieldset>

      <div className="console-row">
        <label className="console-grow">
          Title
          <input
            value={form.title}
            maxLength={140}
            onChange={(e) => {
              setTitleTouched(true);
              set({ title: e.target.value });
            }}
            {...field('title')}
          />
        </label>
      </div>
      {problem('title')}

      {form.kind === 'prompt' ? (
        <PromptFields form={form} set={set} field={field} problem={problem} />
      ) : (
        <>
          <div className="console-row">
            <div className="vote-field console-grow">
              <label htmlFor={`${id}-items`}>Items</label>
              <select
                id={`${id}-items`}
                value={form.itemSet}
                onChange={(e) => set({ itemSet: e.target.value })}
                {...field('items')}
              >
                {sets.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.label} ({s.items.length})
                  </option>
                ))}
                <option value="pick">Choose by hand…</option>
              </select>
            </div>
          </div>
          {form.itemSet === 'pick' ? (
            <fieldset className="vote-pick">
              <legend>Items to vote on ({form.picked.length} chosen)</legend>
              <ul>
                {candidates.map((n) => (
                  <li key={n.id}>
                    <label className="console-check">
                      <input
                        type="checkbox"
                        checked={form.picked.includes(n.id)}
                        onChange={(e) =>
                          set({
                            picked: e.target.checked
                              ? candidates
                                  .map((c) => c.id)
                                  .filter((c) => c === n.id || form.picked.includes(c))
                              : form.picked.filter((p) => p !== n.id),
                          })
                        }
                      />
                      <span className="muted">{NODE_KIND_LABEL[n.kind]}</span>{' '}
                      {n.title || 'Untitled'}
                    </label>
                  </li>
                ))}
              </ul>
            </fieldset>
          ) : (
            <p className="muted vote-items-preview">
              {items
                .slice(0, 6)
                .map((i) => nodes.get(i)?.title || 'Untitled')
                .join(' · ')}
              {items.length > 6 ? ` · and ${items.length - 6} more` : ''}
            </p>
          )}
          {problem('items')}
        </>
      )}

      {form.kind === 'dots' && (
        <>
          <div className="console-row">
            <label>
              Dots per person
              <input
                type="number"
                className="agenda-minutes"
                min={1}
                max={100}
                value={form.dots}
                onChange={(e) => set({ dots: e.target.value })}
                {...field('dots')}
              />
            </label>
            <label>
              Most dots on one item
              <input
                type="number"
                className="agenda-minutes"
                min={1}
                max={100}
                value={form.cap}
                onChange={(e) => set({ cap: e.target.value })}
                {...field('cap')}
              />
            </label>
          </div>
          {problem('dots')}
          {problem('cap')}
          <label className="console-check">
            <input
              type="checkbox"
              checked={form.mustUseAll}
              onChange={(e) => set({ mustUseAll: e.target.checked })}
            />
            Everyone must use all their dots (or abstain)
          </label>
          <label className="console-check">
            <input
              type="checkbox"
              checked={form.open}
              onChange={(e) => set({ open: e.target.checked })}
            />
            Open vote: everyone sees who voted what at the reveal (chosen now, cannot change)
          </label>
        </>
      )}

      {form.kind === 'budget' && (
        <>
          <div className="console-row">
            <label>
              Budget per person
              <input
                type="number"
                min={1}
                value={form.budget}
                onChange={(e) => set({ budget: e.target.value })}
                {...field('budget')}
              />
            </label>
            <label>
              Unit
              <input
                className="vote-unit"
                value={form.unit}
                onChange={(e) => set({ unit: e.target.value })}
                {...field('unit')}
              />
            </label>
          </div>
          {problem('budget')}
          {problem('unit')}
        </>
      )}

      <p className="muted vote-note">
        Ballots go to the workshop’s host only, never into the tree, and nobody sees them before you
        reveal.
      </p>
      <div className="sheet-actions">
        <button type="button" onClick={onDone}>
          Cancel
        </button>
        <button type="submit" className="primary">
          Open the round
        </button>
      </div>
    </form>
  );
}

function PromptFields({
  form,
  set,
  field,
  problem,
}: {
  form: SetupForm;
  set(patch: Partial<SetupForm>): void;
  field(name: SetupField): object;
  problem(name: SetupField): ReactNode;
}) {
  const id = useId();
  const preset = (REFLECTION_QUESTIONS as readonly string[]).includes(form.prompt)
    ? form.prompt
    : '';
  return (
    <>
      <div className="console-row">
        <div className="vote-field console-grow">
          <label htmlFor={`${id}-preset`}>Question from the reflection</label>
          <select
            id={`${id}-preset`}
            value={preset}
            onChange={(e) => set({ prompt: e.target.value })}
          >
            {REFLECTION_QUESTIONS.map((q) => (
              <option key={q} value={q}>
                {q}
              </option>
            ))}
            <option value="">My own question</option>
          </select>
        </div>
      </div>
      <div className="console-row">
        <div className="vote-field console-grow">
          <label htmlFor={`${id}-question`}>Question</label>
          <textarea
            id={`${id}-question`}
            rows={2}
            value={form.prompt}
            onChange={(e) => set({ prompt: e.target.value })}
            {...field('prompt')}
          />
        </div>
      </div>
      {problem('prompt')}
    </>
  );
}

function Problem({ id, text }: { id: string; text: string | undefined }) {
  if (!text) return null;
  return (
    <p id={id} className="console-error vote-problem">
      {text}
    </p>
  );
}
