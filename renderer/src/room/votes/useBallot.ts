/**
 * A participant's ballot and the host's copy of it: sends what the participant makes,
 * says whether the host holds it (the snapshot's `mine`), and keeps the host's refusal
 * of it in words until the next try (the room forgets a refusal at its next change).
 * While the connection is down nothing is sent; the panel starts again from the host's
 * copy when it is back (VotePanel), so what the screen shows is what counts.
 */
import { useState } from 'react';
import type { ToParticipant } from '../../../../shared/sync/room/messages';
import type { Ballot } from '../../../../shared/sync/room/rounds';
import { useRoom } from '../room-store';
import { sameBallot } from './ballot-draft';

export type BallotState =
  /** The host holds what the screen shows. */
  | 'in'
  /** Sent; the host has not said yet. */
  | 'sending'
  /** The host refused it (see `refusal`). */
  | 'refused'
  /** Nothing sent yet. */
  | 'none';

type Refusal = Extract<ToParticipant, { t: 'refused' }>;

export interface BallotSync {
  /** What the host holds for us in this round (restored on a reload). */
  mine: Ballot | null;
  state: BallotState;
  refusal: Refusal | null;
  /** Connected to the host (controls are off while not). */
  online: boolean;
  send(ballot: Ballot): void;
}

interface Sent {
  ballot: Ballot;
  /** The room's refusal when it left: an older one, not about it. */
  before: Refusal | null;
  refusal: Refusal | null;
}

export function useBallot(roundId: string): BallotSync {
  const snapshot = useRoom((s) => s.snapshot);
  const roomRefusal = useRoom((s) => s.refusal);
  const command = useRoom((s) => s.command);
  const mine = snapshot?.round?.id === roundId ? (snapshot.mine?.ballot ?? null) : null;
  const [sent, setSent] = useState<Sent | null>(null);

  // A new refusal while ours is on its way is about ours: keep it with it.
  if (
    sent &&
    !sent.refusal &&
    roomRefusal &&
    roomRefusal !== sent.before &&
    !sameBallot(mine, sent.ballot)
  )
    setSent({ ...sent, refusal: roomRefusal });

  const send = (ballot: Ballot) => {
    setSent({ ballot, before: roomRefusal, refusal: null });
    command({ t: 'ballot', id: roundId, ballot });
  };

  const state: BallotState = !sent
    ? mine
      ? 'in'
      : 'none'
    : sameBallot(mine, sent.ballot)
      ? 'in'
      : sent.refusal
        ? 'refused'
        : 'sending';
  return { mine, state, refusal: sent?.refusal ?? null, online: snapshot !== null, send };
}
