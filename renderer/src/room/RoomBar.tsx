/**
 * The step bar under the top bar, on every screen in a room: the current step and its
 * instructions on demand, the timer counting down, the lock and its reason, whether
 * this screen follows the facilitator; and, for the facilitator, Back, Next and the
 * timer's buttons, so running the room needs no dialog.
 */
import { useId, useState } from 'react';
import { formatRemaining } from '../../../shared/sync/room/timer';
import { useDoc, useDocument } from '../document/document-context';
import { useRoom } from './room-store';
import { goToStep } from './step-actions';
import { useFollowState } from './useFollow';
import { useTimer } from './useTimer';
import { RoomVoteButton } from './votes/RoomVote';
import './room.css';

export function RoomBar({
  onConsole,
  onReflect,
  onSummary,
}: {
  onConsole(): void;
  onReflect(): void;
  onSummary(): void;
}) {
  const { id, model, view } = useDocument();
  const workshop = useDoc((s) => s.workshop);
  const locked = useDoc((s) => s.locked);
  const inRoom = useRoom((s) => s.inRoom);
  const isFacilitator = useRoom((s) => s.isFacilitator);
  const command = useRoom((s) => s.command);
  const refusal = useRoom((s) => s.refusal);
  const [showInstructions, setShowInstructions] = useState(false);
  const instructionsId = useId();
  const { agenda, current, lock } = workshop;
  const step = agenda[current];
  const runs = isFacilitator || !inRoom;
  if (!inRoom && !agenda.length) return null;

  const go = (index: number) => goToStep(id, model, view, command, index);
  return (
    <section className="room" aria-label="Workshop step">
      <div className="room-bar">
        <div className="room-step">
          {step ? (
            <>
              <span className="room-step-count">
                Step {current + 1} of {agenda.length}
              </span>
              <strong className="room-step-title">{step.title}</strong>
              {step.instructions && (
                <button
                  type="button"
                  className="ghost"
                  aria-expanded={showInstructions}
                  aria-controls={instructionsId}
                  onClick={() => setShowInstructions((v) => !v)}
                >
                  Instructions
                </button>
              )}
              {step.kind === 'reflection' && (
                <button type="button" onClick={onReflect}>
                  Answer the reflection…
                </button>
              )}
            </>
          ) : current >= agenda.length && agenda.length ? (
            <>
              <strong className="room-step-title">The agenda is done</strong>
              <button type="button" onClick={onSummary}>
                Session summary
              </button>
            </>
          ) : (
            <span className="muted">
              {agenda.length ? 'The workshop has not started yet' : 'No agenda yet'}
            </span>
          )}
        </div>
        {inRoom && <RoomVoteButton />}
        <RoomTimerView />
        {lock.on && (
          <span className="room-lock" role="status" title={lock.reason || undefined}>
            {locked ? 'Read-only for this step' : 'Locked for participants'}
            {lock.reason ? `: ${lock.reason}` : ''}
          </span>
        )}
        {!isFacilitator && inRoom && <FollowIndicator />}
        {runs && (
          <div className="room-controls" role="group" aria-label="Run the agenda">
            {current >= 0 && current < agenda.length ? (
              <>
                <button type="button" onClick={() => go(current - 1)} disabled={current <= 0}>
                  Back
                </button>
                <button type="button" className="primary" onClick={() => go(current + 1)}>
                  {current + 1 < agenda.length ? 'Next step' : 'End the agenda'}
                </button>
              </>
            ) : (
              agenda.length > 0 &&
              current < 0 && (
                <button type="button" className="primary" onClick={() => go(0)}>
                  Start the agenda
                </button>
              )
            )}
            {inRoom && <TimerButtons />}
            <button type="button" onClick={onConsole}>
              Console…
            </button>
          </div>
        )}
      </div>
      {step?.instructions && showInstructions && (
        <p className="room-instructions" id={instructionsId}>
          {step.instructions}
        </p>
      )}
      {refusal && (
        <p className="room-refusal" role="alert">
          {refusal.code}: {refusal.message}
        </p>
      )}
    </section>
  );
}

function RoomTimerView() {
  const { timer, left } = useTimer();
  if (!timer || left === null) return null;
  const text = formatRemaining(left);
  const state = !timer.running ? ' (paused)' : left === 0 ? ' (time is up)' : '';
  return (
    <span
      className={`room-timer${left === 0 ? ' is-over' : ''}${timer.running ? '' : ' is-paused'}`}
      role="timer"
      aria-label={`Time left${timer.label ? ` for ${timer.label}` : ''}: ${text}${state}`}
    >
      {text}
      {!timer.running && <span className="room-timer-note"> paused</span>}
    </span>
  );
}

function TimerButtons() {
  const command = useRoom((s) => s.command);
  const timer = useRoom((s) => s.snapshot?.timer ?? null);
  if (!timer) return null;
  return (
    <>
      {timer.running ? (
        <button type="button" onClick={() => command({ t: 'timer', op: 'pause' })}>
          Pause timer
        </button>
      ) : (
        <button type="button" onClick={() => command({ t: 'timer', op: 'resume' })}>
          Resume timer
        </button>
      )}
      <button
        type="button"
        aria-label="Add 1 minute"
        onClick={() => command({ t: 'timer', op: 'add', seconds: 60 })}
      >
        +1
      </button>
      <button
        type="button"
        aria-label="Add 5 minutes"
        onClick={() => command({ t: 'timer', op: 'add', seconds: 300 })}
      >
        +5
      </button>
    </>
  );
}

function FollowIndicator() {
  const shared = useRoom((s) => s.snapshot?.view ?? null);
  const name = useRoom((s) => s.facilitatorName) ?? 'the facilitator';
  const following = useFollowState((s) => s.following);
  const pending = useFollowState((s) => s.pending);
  const setFollowing = useFollowState((s) => s.setFollowing);
  if (!shared) return null;
  return (
    <span className="room-follow">
      {following ? (
        <>
          <span role="status">
            {pending ? `${name} moved on: you follow when you finish typing` : `Following ${name}`}
          </span>
          <button type="button" className="ghost" onClick={() => setFollowing(false)}>
            Stop following
          </button>
        </>
      ) : (
        <>
          <span role="status">Not following {name}</span>
          <button type="button" className="ghost" onClick={() => setFollowing(true)}>
            Follow again
          </button>
        </>
      )}
    </span>
  );
}
