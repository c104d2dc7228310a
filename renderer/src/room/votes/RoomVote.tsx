/**
 * Where the round shows outside its dialogs: the step bar's "Vote: <title>" (for
 * everyone, late joiners too, while a round is open; then "Results: <title>"), the console's "Votes and
 * prompts" section, and the dialogs themselves, mounted once per document screen.
 */
import { useDoc } from '../../document/document-context';
import { useRoom } from '../room-store';
import { ResultsDialog, useRevealedResults } from './ResultsDialog';
import { RoundControls, turnout } from './RoundControls';
import { StartVoteDialog } from './StartVoteDialog';
import { VotePanel } from './VotePanel';
import { useVoteUi } from './vote-ui';
import './votes.css';

export function VoteDialogs() {
  useRevealedResults();
  return (
    <>
      <StartVoteDialog />
      <VotePanel />
      <ResultsDialog />
    </>
  );
}

/** The step bar's way into the open round, and where this person stands in it. */
export function RoomVoteButton() {
  const round = useRoom((s) => s.snapshot?.round ?? null);
  const mine = useRoom((s) => s.snapshot?.mine ?? null);
  const isFacilitator = useRoom((s) => s.isFacilitator);
  const online = useRoom((s) => s.people.filter((p) => p.online).length);
  const openPanel = useVoteUi((s) => s.openPanel);
  const openResults = useVoteUi((s) => s.openResults);
  const latest = useDoc((s) => s.rounds.rounds.at(-1) ?? null);
  if (!round)
    return (
      latest && (
        <button
          type="button"
          className="ghost vote-open"
          title={latest.title}
          onClick={() => openResults(latest.id)}
        >
          Results: {latest.title}
        </button>
      )
    );
  const prompt = round.config.kind === 'prompt';
  const took = prompt ? (mine?.answers ?? 0) > 0 : mine?.ballot != null;
  return (
    <span className="room-vote">
      <button
        type="button"
        className="primary vote-open"
        title={round.config.title}
        onClick={openPanel}
      >
        {prompt ? 'Answer' : 'Vote'}: {round.config.title}
      </button>
      <span className="room-vote-note" role="status">
        {isFacilitator
          ? turnout(round.voters, online, prompt)
          : took
            ? prompt
              ? 'Answer sent'
              : 'Your vote is in'
            : ''}
      </span>
    </span>
  );
}

/** The console's section: start a round, or hold the open one. */
export function VotesSection({ onStart }: { onStart(): void }) {
  const round = useRoom((s) => s.snapshot?.round ?? null);
  return (
    <section className="console-section" aria-labelledby="console-votes">
      <h3 id="console-votes">Votes and prompts</h3>
      {round ? (
        <RoundControls />
      ) : (
        <>
          <p className="muted">
            Dot votes, budgets, WSJF scores and anonymous answers. Ballots stay sealed on the
            workshop’s host until you reveal them.
          </p>
          <div className="console-row">
            <button type="button" onClick={onStart}>
              Start a vote…
            </button>
          </div>
        </>
      )}
    </section>
  );
}
