/**
 * The closing reflection: the essays' four questions, each with the room's answers
 * under the name of who gave them, and a field to add one's own. Answers go into the
 * document (they are the workshop's record) and stay open while the tree is locked.
 * Anonymous answers are the next step (a sealed round on the host, not the document).
 */
import { useState, type FormEvent } from 'react';
import { REFLECTION_QUESTIONS } from '../../../shared/model';
import { useDoc, useDocument } from '../document/document-context';
import { SheetClose } from '../widgets/SheetClose';
import { useModalDialog } from '../widgets/useModalDialog';
import { fallbackName, localName } from '../workshop/presence';
import { useRoom } from './room-store';

export function ReflectionPanel({ open, onClose }: { open: boolean; onClose(): void }) {
  const setDialog = useModalDialog(open);
  return (
    <dialog
      ref={setDialog}
      className="sheet console-sheet"
      aria-labelledby="reflection-title"
      onClose={onClose}
    >
      <h2 id="reflection-title">Reflection</h2>
      {open && (
        <div className="console-body">
          <p className="muted">
            Your answers are shown with your name ({localName() || fallbackName(0)}).
          </p>
          {REFLECTION_QUESTIONS.map((q, i) => (
            <Question key={q} question={q} index={i} />
          ))}
        </div>
      )}
      <SheetClose onClose={onClose} />
    </dialog>
  );
}

function Question({ question, index }: { question: string; index: number }) {
  const { model } = useDocument();
  const answers = useDoc((s) => s.workshop.reflections).filter((r) => r.question === question);
  const runs = useRoom((s) => s.isFacilitator || !s.inRoom);
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const headingId = `reflection-q${index}`;
  const add = (e: FormEvent) => {
    e.preventDefault();
    try {
      model.addReflection(question, text, localName() || fallbackName(0));
      setText('');
      setError(null);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };
  return (
    <section className="console-section" aria-labelledby={headingId}>
      <h3 id={headingId}>{question}</h3>
      {answers.length > 0 && (
        <ul className="reflection-answers" aria-label={`Answers to: ${question}`}>
          {answers.map((a) => (
            <li key={a.id}>
              <span>{a.text}</span> <span className="muted">— {a.author || 'someone'}</span>
              {runs && (
                <button
                  type="button"
                  className="ghost"
                  aria-label={`Remove the answer “${a.text.slice(0, 40)}”`}
                  onClick={() => model.removeReflection(a.id)}
                >
                  ✕
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      <form className="console-row" onSubmit={add}>
        <label className="console-grow">
          Your answer
          <textarea
            rows={2}
            maxLength={2000}
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
        </label>
        <button type="submit" disabled={!text.trim()}>
          Add answer
        </button>
      </form>
      {error && (
        <p role="alert" className="console-error">
          {error}
        </p>
      )}
    </section>
  );
}
