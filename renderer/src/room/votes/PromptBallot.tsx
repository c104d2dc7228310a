/**
 * Anonymous answers to a prompt: written here, sent to the host without a name, kept
 * there shuffled until the reveal. The text stays in the field until the host has
 * counted it, so a refusal or a dropped connection loses nothing.
 */
import { useEffect, useState, type FormEvent } from 'react';
import {
  MAX_ANSWER_CHARS,
  MAX_ANSWERS_EACH,
  type RoundConfig,
} from '../../../../shared/sync/room/rounds';
import type { ToParticipant } from '../../../../shared/sync/room/messages';
import { useRoom } from '../room-store';
import { useVoteUi } from './vote-ui';

type Prompt = Extract<RoundConfig, { kind: 'prompt' }>;
type Refusal = Extract<ToParticipant, { t: 'refused' }>;
interface Sending {
  text: string;
  before: number;
  refusal: Refusal | null;
}

export function PromptBallot({ config, roundId }: { config: Prompt; roundId: string }) {
  const given = useRoom((s) => (s.snapshot?.round?.id === roundId ? s.snapshot.mine?.answers : 0));
  const online = useRoom((s) => s.snapshot !== null);
  const roomRefusal = useRoom((s) => s.refusal);
  const command = useRoom((s) => s.command);
  const text = useVoteUi((s) => (s.answer?.round === roundId ? s.answer.text : ''));
  const setText = (t: string) => useVoteUi.getState().setAnswer(roundId, t);
  const count = given ?? 0;
  /** The answer on its way: how many the host had counted, and its refusal then. */
  const [sending, setSending] = useState<Sending | null>(null);
  const [refusal, setRefusal] = useState<Refusal | null>(null);

  // Counted: the field is free for the next (unless it was changed meanwhile).
  const [counted, setCounted] = useState<{ text: string } | null>(null);
  if (sending && count > sending.before) {
    setSending(null);
    setCounted({ text: sending.text });
  }
  useEffect(() => {
    const kept = useVoteUi.getState().answer;
    if (counted && kept?.round === roundId && kept.text === counted.text)
      useVoteUi.getState().setAnswer(roundId, '');
  }, [counted, roundId]);
  // Refused: the text stays, with the reason.
  if (sending && roomRefusal && roomRefusal !== sending.refusal) {
    setSending(null);
    setRefusal(roomRefusal);
  }

  const full = count >= MAX_ANSWERS_EACH;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const answer = text.trim();
    if (!answer || full || sending) return;
    setRefusal(null);
    setSending({ text, before: count, refusal: roomRefusal });
    command({ t: 'answer', id: roundId, text: answer });
  };

  return (
    <form className="vote-ballot" onSubmit={submit}>
      <blockquote className="vote-prompt">{config.prompt}</blockquote>
      <label className="vote-answer">
        Your answer
        <textarea
          rows={3}
          maxLength={MAX_ANSWER_CHARS}
          value={text}
          disabled={!online || full}
          onChange={(e) => setText(e.target.value)}
        />
      </label>
      <div className="console-row">
        <button type="submit" className="primary" disabled={!online || full || !text.trim()}>
          Send anonymously
        </button>
        <span className="muted">
          {text.length} / {MAX_ANSWER_CHARS}
        </span>
      </div>
      <p className={`vote-status${count ? ' is-done' : ''}`} role="status">
        {sending
          ? 'Sending your answer…'
          : full
            ? `You sent ${count} answers, the most one person can give.`
            : count
              ? `You sent ${count} answer${count === 1 ? '' : 's'} (up to ${MAX_ANSWERS_EACH}). Send another if you have more to say.`
              : 'You have not answered yet. You can send up to 20 answers, one at a time.'}
      </p>
      {refusal && (
        <p className="vote-status is-error" role="alert">
          {refusal.code}: {refusal.message}
        </p>
      )}
      {!online && (
        <p className="vote-status is-warning" role="status">
          The connection to the host is down; reconnecting. Your text stays here.
        </p>
      )}
      <p className="muted vote-note">
        Answers go to the facilitator’s machine only, without your name, and are revealed shuffled.
        Nothing kept anywhere says who wrote which.
      </p>
    </form>
  );
}
