/**
 * The facilitator's console: the agenda (from a template or by hand), the timer, the
 * lock and its reason, follow me and bring everyone here, handing the role over, the
 * projector and the summary. Also open without a room, to prepare the agenda ahead.
 */
import { useState } from 'react';
import { useApp } from '../app/app-store';
import { usePlatform } from '../app/PlatformContext';
import { useDoc, useDocument } from '../document/document-context';
import { SheetClose } from '../widgets/SheetClose';
import { useModalDialog } from '../widgets/useModalDialog';
import { localName } from '../workshop/presence';
import { AgendaEditor } from './AgendaEditor';
import { useRoom } from './room-store';
import { goToStep } from './step-actions';
import { VotesSection } from './votes/RoomVote';
import { useVoteUi } from './votes/vote-ui';

interface Props {
  open: boolean;
  onClose(): void;
  onSummary(): void;
}

export function FacilitatorConsole({ open, onClose, onSummary }: Props) {
  const setDialog = useModalDialog(open);
  return (
    <dialog
      ref={setDialog}
      className="sheet console-sheet"
      aria-labelledby="console-title"
      onClose={onClose}
    >
      <h2 id="console-title">Facilitator console</h2>
      {open && (
        <ConsoleBody
          onSummary={onSummary}
          onStartVote={() => {
            onClose();
            useVoteUi.getState().openSetup();
          }}
        />
      )}
      <SheetClose onClose={onClose} />
    </dialog>
  );
}

function ConsoleBody({ onSummary, onStartVote }: { onSummary(): void; onStartVote(): void }) {
  const { id, model, view } = useDocument();
  const platform = usePlatform();
  const inRoom = useRoom((s) => s.inRoom);
  const command = useRoom((s) => s.command);
  const { agenda, current } = useDoc((s) => s.workshop);
  const [error, setError] = useState<string | null>(null);
  const go = (index: number) => {
    setError(null);
    goToStep(id, model, view, command, index);
  };

  return (
    <div className="console-body">
      <section className="console-section" aria-labelledby="console-agenda">
        <h3 id="console-agenda">Agenda</h3>
        <AgendaEditor onError={setError} />
        {agenda.length > 0 && (
          <div className="console-row">
            <button type="button" onClick={() => go(0)} disabled={current === 0}>
              {current < 0 ? 'Start the agenda' : 'Start again'}
            </button>
            <button type="button" onClick={() => go(current - 1)} disabled={current <= 0}>
              Back
            </button>
            <button
              type="button"
              onClick={() => go(current + 1)}
              disabled={current < 0 || current >= agenda.length}
            >
              Next step
            </button>
            <button
              type="button"
              onClick={() => go(agenda.length)}
              disabled={current < 0 || current >= agenda.length}
            >
              End the agenda
            </button>
          </div>
        )}
        {error && (
          <p role="alert" className="console-error">
            {error}
          </p>
        )}
      </section>
      {inRoom ? (
        <>
          <TimerSection />
          <VotesSection onStart={onStartVote} />
          <LockSection />
          <FollowSection />
          <HandOverSection />
        </>
      ) : (
        <p className="muted">
          Start or join a workshop (Share) to run the timer, lock the tree and bring everyone along.
          The agenda is kept in the tree.
        </p>
      )}
      <section className="console-section" aria-labelledby="console-screens">
        <h3 id="console-screens">Projector and summary</h3>
        <div className="console-row">
          <button type="button" onClick={() => platform.room.openProjector(id)}>
            Open the projector view
          </button>
          <button type="button" onClick={onSummary}>
            Session summary…
          </button>
        </div>
      </section>
    </div>
  );
}

function TimerSection() {
  const command = useRoom((s) => s.command);
  const timer = useRoom((s) => s.snapshot?.timer ?? null);
  const [minutes, setMinutes] = useState(5);
  return (
    <section className="console-section" aria-labelledby="console-timer">
      <h3 id="console-timer">Timer</h3>
      <div className="console-row">
        <label>
          Minutes
          <input
            type="number"
            className="agenda-minutes"
            min={1}
            max={480}
            value={minutes}
            onChange={(e) => setMinutes(Math.max(1, Math.min(480, Number(e.target.value) || 1)))}
          />
        </label>
        <button
          type="button"
          onClick={() => command({ t: 'timer', op: 'start', seconds: minutes * 60 })}
        >
          Start a timer
        </button>
        {timer && (
          <button type="button" onClick={() => command({ t: 'timer', op: 'stop' })}>
            Stop the timer
          </button>
        )}
        {timer && (
          <label className="console-check">
            <input
              type="checkbox"
              checked={timer.chime}
              onChange={(e) => command({ t: 'timer', op: 'chime', on: e.target.checked })}
            />
            Chime when time is up
          </label>
        )}
      </div>
    </section>
  );
}

function LockSection() {
  const { model } = useDocument();
  const lock = useDoc((s) => s.workshop.lock);
  const [reason, setReason] = useState(lock.reason || 'Silent writing');
  return (
    <section className="console-section" aria-labelledby="console-lock">
      <h3 id="console-lock">Lock</h3>
      <div className="console-row">
        <label className="console-grow">
          Reason shown to everyone
          <input value={reason} maxLength={200} onChange={(e) => setReason(e.target.value)} />
        </label>
        {lock.on ? (
          <>
            <button type="button" onClick={() => model.setLock(true, reason, localName())}>
              Update the reason
            </button>
            <button type="button" onClick={() => model.setLock(false)}>
              Unlock the tree
            </button>
          </>
        ) : (
          <button type="button" onClick={() => model.setLock(true, reason, localName())}>
            Lock the tree for participants
          </button>
        )}
      </div>
      <p className="muted">
        Participants can still answer the reflection. The workshop’s host undoes any other edit they
        make while the tree is locked.
      </p>
    </section>
  );
}

function FollowSection() {
  const command = useRoom((s) => s.command);
  const sharing = useRoom((s) => s.snapshot?.view != null);
  // Shown at once; the host's answer (a round trip later) takes over when it comes.
  const [asked, setAsked] = useState<{ want: boolean; from: boolean } | null>(null);
  const checked = asked && asked.from === sharing ? asked.want : sharing;
  const here = () => {
    const route = useApp.getState().route;
    return {
      tab: route.screen === 'doc' ? (route.tab ?? 'tree') : 'tree',
      node: null,
      zoom: null,
    } as const;
  };
  const { view } = useDocument();
  const current = () => ({ ...here(), node: view.getState().selected });
  return (
    <section className="console-section" aria-labelledby="console-follow">
      <h3 id="console-follow">Follow me</h3>
      <div className="console-row">
        <label className="console-check">
          <input
            type="checkbox"
            checked={checked}
            onChange={(e) => {
              setAsked({ want: e.target.checked, from: sharing });
              command({ t: 'view', view: e.target.checked ? current() : null });
            }}
          />
          Everyone follows my view
        </label>
        <button type="button" onClick={() => command({ t: 'summon', view: current() })}>
          Bring everyone here
        </button>
      </div>
    </section>
  );
}

function HandOverSection() {
  const command = useRoom((s) => s.command);
  const people = useRoom((s) => s.people);
  const me = useRoom((s) => s.snapshot?.you);
  const others = people.filter((p) => p.key !== me && p.online);
  const [to, setTo] = useState('');
  const chosen = others.find((p) => p.key === to)?.key ?? others[0]?.key ?? '';
  return (
    <section className="console-section" aria-labelledby="console-handover">
      <h3 id="console-handover">Hand over</h3>
      {others.length ? (
        <div className="console-row">
          <label className="console-grow">
            New facilitator
            <select value={chosen} onChange={(e) => setTo(e.target.value)}>
              {others.map((p) => (
                <option key={p.key} value={p.key}>
                  {p.name}
                </option>
              ))}
            </select>
          </label>
          <button type="button" onClick={() => command({ t: 'handover', to: chosen })}>
            Hand over the room
          </button>
        </div>
      ) : (
        <p className="muted">Nobody else is in the room yet.</p>
      )}
    </section>
  );
}
