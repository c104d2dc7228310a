/**
 * A revealed round's results, for everyone: opened by itself on every screen in the
 * room when the host writes a new result into the document, and again from the step
 * bar or the command. The facilitator can move the top items to a column from here.
 */
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { ROUND_KIND_LABEL, type RoundRecord } from '../../../../shared/model';
import { useDoc, useDocument } from '../../document/document-context';
import { moveTop } from '../../board/move-top';
import { defaultTarget } from '../../board/move-top-words';
import { hostNow, useRoom, useRoomStore } from '../room-store';
import { AnswerCards } from './AnswerCards';
import { RoundResult, turnoutLine } from './RoundResult';
import { useVoteUi } from './vote-ui';
import { VoteSheet } from './VoteSheet';
import './votes.css';
import './votes-results.css';

/** A result revealed this long ago, or less, opens by itself when it arrives. */
const FRESH_MS = 2 * 60_000;

/** Opens the results of a round revealed just now (not of older ones a sync brings in). */
export function useRevealedResults(): void {
  const rounds = useDoc((s) => s.rounds.rounds);
  const room = useRoomStore();
  const known = useRef<Set<string> | null>(null);
  useEffect(() => {
    const state = room.getState();
    if (known.current && state.inRoom) {
      const fresh = rounds
        .filter((r) => !known.current!.has(r.id))
        .filter((r) => Math.abs(hostNow(state) - r.at) < FRESH_MS)
        .at(-1);
      if (fresh) useVoteUi.getState().openResults(fresh.id);
    }
    known.current = new Set(rounds.map((r) => r.id));
  }, [rounds, room]);
}

export function ResultsDialog() {
  const id = useVoteUi((s) => s.results);
  const closeDialog = useVoteUi((s) => s.close);
  const close = useCallback(() => closeDialog('results'), [closeDialog]);
  const rounds = useDoc((s) => s.rounds.rounds);
  const round = rounds.find((r) => r.id === id) ?? null;
  return (
    <VoteSheet
      open={round !== null}
      heading={round && { kind: `Results · ${ROUND_KIND_LABEL[round.kind]}`, title: round.title }}
      onClose={close}
    >
      {round && (
        <div className="console-body">
          <p className="vote-turnout">
            {turnoutLine(round)}
            <span className="muted"> · revealed {new Date(round.at).toLocaleTimeString()}</span>
          </p>
          {round.kind === 'prompt' ? (
            <AnswerCards round={round} />
          ) : (
            <>
              <RoundResult round={round} />
              <MoveTop round={round} />
            </>
          )}
          {rounds.length > 1 && <OtherRounds rounds={rounds} current={round.id} />}
        </div>
      )}
    </VoteSheet>
  );
}

/**
 * "Move the top 3 to Ready": one recorded move each (the facilitator's, in a room), as
 * the board's Move the top… does it (a toast offers Move back once the dialog closes).
 */
function MoveTop({ round }: { round: RoundRecord }) {
  const { model, view } = useDocument();
  const columns = useDoc((s) => s.board.columns);
  const runs = useRoom((s) => s.isFacilitator || !s.inRoom);
  const id = useId();
  const [count, setCount] = useState(Math.min(3, round.ranking.length));
  const [column, setColumn] = useState(defaultTarget(columns) ?? '');
  const [said, setSaid] = useState<{ text: string; error: boolean } | null>(null);
  if (!runs || round.ranking.length === 0) return null;
  const name = columns.find((c) => c.id === column)?.name ?? 'the column';
  const move = () => {
    const moved = moveTop(model, view, round.id, count, column);
    setSaid(
      moved.length
        ? { text: `Moved ${moved.length} to ${name}.`, error: false }
        : { text: view.getState().notice ?? 'Nothing moved.', error: true },
    );
  };
  return (
    <div className="console-row vote-move">
      <label>
        Top
        <input
          type="number"
          className="agenda-minutes"
          min={1}
          max={round.ranking.length}
          value={count}
          onChange={(e) =>
            setCount(Math.max(1, Math.min(round.ranking.length, Number(e.target.value) || 1)))
          }
        />
      </label>
      <div className="vote-field">
        <label htmlFor={`${id}-column`}>Column</label>
        <select id={`${id}-column`} value={column} onChange={(e) => setColumn(e.target.value)}>
          {columns.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
      </div>
      <button type="button" onClick={move}>
        Move the top {count} to {name}
      </button>
      {said && (
        <p
          className={said.error ? 'console-error' : 'muted'}
          role={said.error ? 'alert' : 'status'}
        >
          {said.text}
        </p>
      )}
    </div>
  );
}

function OtherRounds({ rounds, current }: { rounds: RoundRecord[]; current: string }) {
  const open = useVoteUi((s) => s.openResults);
  const id = useId();
  return (
    <div className="vote-field">
      <label htmlFor={`${id}-round`}>Other results</label>
      <select id={`${id}-round`} value={current} onChange={(e) => open(e.target.value)}>
        {[...rounds].reverse().map((r) => (
          <option key={r.id} value={r.id}>
            {ROUND_KIND_LABEL[r.kind]}: {r.title} ({new Date(r.at).toLocaleTimeString()})
          </option>
        ))}
      </select>
    </div>
  );
}
