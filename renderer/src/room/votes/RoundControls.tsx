/**
 * The facilitator's hold on the open round: how many people have voted out of those
 * here (nothing else about the ballots: the host tells nobody more), Reveal, and
 * Cancel the vote, which discards every ballot after a confirmation.
 */
import { useState } from 'react';
import { useRoom } from '../room-store';
import { KIND_LABEL } from './round-setup';

/** "2 of 4 people have voted" (or answered, for a prompt). */
export function turnout(voters: number, online: number, prompt: boolean): string {
  const verb = prompt ? 'answered' : 'voted';
  const of = Math.max(online, voters);
  return `${voters} of ${of} ${of === 1 ? 'person has' : 'people have'} ${verb}`;
}

export function RoundControls() {
  const round = useRoom((s) => s.snapshot?.round ?? null);
  const online = useRoom((s) => s.people.filter((p) => p.online).length);
  const command = useRoom((s) => s.command);
  const [confirming, setConfirming] = useState<string | null>(null);
  if (!round) return null;
  const close = (reveal: boolean) => {
    setConfirming(null);
    command({ t: 'close-round', id: round.id, reveal });
  };
  const prompt = round.config.kind === 'prompt';
  return (
    <div className="vote-controls" role="group" aria-label="The open round">
      <p className="vote-controls-title">
        <span className="muted">{KIND_LABEL[round.config.kind]}:</span>{' '}
        <strong>{round.config.title}</strong>
      </p>
      <p className="vote-turnout" role="status">
        {turnout(round.voters, online, prompt)}
      </p>
      {confirming === round.id ? (
        <div className="vote-confirm" role="alertdialog" aria-labelledby="vote-cancel-q">
          <p id="vote-cancel-q">
            Cancel the vote? What{' '}
            {round.voters === 1 ? '1 person has' : `${round.voters} people have`}{' '}
            {prompt ? 'answered' : 'voted'} so far is discarded, and nobody sees it.
          </p>
          <div className="console-row">
            <button type="button" className="danger" onClick={() => close(false)}>
              Discard the ballots
            </button>
            <button type="button" autoFocus onClick={() => setConfirming(null)}>
              Keep voting
            </button>
          </div>
        </div>
      ) : (
        <div className="console-row">
          <button type="button" className="primary" onClick={() => close(true)}>
            Reveal
          </button>
          <button type="button" onClick={() => setConfirming(round.id)}>
            Cancel the vote
          </button>
        </div>
      )}
    </div>
  );
}
