/**
 * The voting panel, for everyone in the room (the facilitator too, who also finds
 * Reveal and Cancel here): the open round's items by their titles and this person's
 * own ballot, restored from the host on a reload or a late join. It says how many have
 * voted and nothing else about anyone's ballot. When the round closes, it closes.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { RoomRound } from '../../../../shared/sync/room/messages';
import { useApp } from '../../app/app-store';
import { useRoom } from '../room-store';
import { BudgetBallot } from './BudgetBallot';
import { DotsBallot } from './DotsBallot';
import { PromptBallot } from './PromptBallot';
import { RoundControls, turnout } from './RoundControls';
import { KIND_LABEL } from './round-setup';
import { ScoreBallot } from './ScoreBallot';
import { useBallot } from './useBallot';
import { useVoteUi } from './vote-ui';
import { VoteSheet } from './VoteSheet';
import './votes.css';

/**
 * The open round (the last one known while the connection to the host is down), and
 * how many times the connection came back: the panel starts again from the host's
 * copy of the ballot then.
 */
function useOpenRound(): { round: RoomRound | null; epoch: number } {
  const snapshot = useRoom((s) => s.snapshot);
  const [last, setLast] = useState({ round: snapshot?.round ?? null, offline: false, epoch: 0 });
  if (snapshot && (snapshot.round !== last.round || last.offline))
    setLast({ round: snapshot.round, offline: false, epoch: last.epoch + (last.offline ? 1 : 0) });
  if (!snapshot && !last.offline) setLast({ ...last, offline: true });
  return { round: snapshot ? snapshot.round : last.round, epoch: last.epoch };
}

export function VotePanel() {
  const open = useVoteUi((s) => s.panelOpen);
  const closeDialog = useVoteUi((s) => s.close);
  const close = useCallback(() => closeDialog('panelOpen'), [closeDialog]);
  const { round, epoch } = useOpenRound();

  // The round closed (revealed or cancelled) while the panel showed it: say so, close.
  const shown = useRef<RoomRound | null>(null);
  useEffect(() => {
    if (open && shown.current && shown.current.id !== round?.id) {
      useApp.getState().showToast({
        message: `The round “${shown.current.config.title}” is closed.`,
        timeoutMs: 6000,
      });
      close();
    }
    shown.current = open ? round : null;
  }, [open, round, close]);

  return (
    <VoteSheet
      open={open}
      heading={round && { kind: KIND_LABEL[round.config.kind], title: round.config.title }}
      onClose={close}
    >
      {open && round && <PanelBody key={`${round.id}:${epoch}`} round={round} />}
    </VoteSheet>
  );
}

function PanelBody({ round }: { round: RoomRound }) {
  const isFacilitator = useRoom((s) => s.isFacilitator);
  const online = useRoom((s) => s.people.filter((p) => p.online).length);
  const sync = useBallot(round.id);
  const { config } = round;
  return (
    <div className="console-body">
      {isFacilitator ? (
        <RoundControls />
      ) : (
        <p className="vote-turnout" role="status">
          {turnout(round.voters, online, config.kind === 'prompt')}
        </p>
      )}
      {config.kind === 'dots' && <DotsBallot config={config} sync={sync} />}
      {config.kind === 'budget' && <BudgetBallot config={config} sync={sync} />}
      {config.kind === 'score' && <ScoreBallot config={config} sync={sync} />}
      {config.kind === 'prompt' && <PromptBallot config={config} roundId={round.id} />}
      {config.kind !== 'prompt' && (
        <p className="muted vote-note">
          {config.kind === 'dots' && config.open
            ? 'This is an open vote: at the reveal, everyone sees who put which dots where. Until then nobody sees any ballot.'
            : 'Your ballot goes to the workshop’s host only. Nobody sees it before the reveal, and the result shows totals, not names.'}
        </p>
      )}
    </div>
  );
}
