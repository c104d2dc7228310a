/**
 * The round on the projector: while one is open, its title and how many have voted
 * (never what); once revealed, the latest result in large type (the ranking, the
 * scores, or the answers as cards), which the projector turns to by itself.
 */
import { ROUND_KIND_LABEL, type RoundRecord } from '../../../../shared/model';
import { useDoc } from '../../document/document-context';
import { useRoom } from '../room-store';
import { KIND_LABEL } from './round-setup';
import { turnout } from './RoundControls';
import { RoundResult, turnoutLine } from './RoundResult';
import './votes.css';
import './votes-results.css';

/** The open round as a band across the projector: "Dot vote: Which bets first? · 3 of 5 people have voted". */
export function ProjectorRoundBand() {
  const round = useRoom((s) => s.snapshot?.round ?? null);
  const online = useRoom((s) => s.people.filter((p) => p.online).length);
  if (!round) return null;
  return (
    <section className="projector-round" aria-label="Voting now">
      <span className="projector-round-kind">{KIND_LABEL[round.config.kind]}</span>
      <strong>{round.config.title}</strong>
      <span role="status" className="projector-round-turnout">
        {turnout(round.voters, online, round.config.kind === 'prompt')}
      </span>
    </section>
  );
}

/** The latest revealed round, or null when none was. */
export function useLatestRound(): RoundRecord | null {
  return useDoc((s) => s.rounds.rounds.at(-1) ?? null);
}

export function ProjectorResults({ round }: { round: RoundRecord }) {
  const cards = useDoc((s) => s.rounds.cardsByRound.get(round.id)) ?? [];
  return (
    <article
      className="projector-results"
      aria-label={`Results of ${ROUND_KIND_LABEL[round.kind].toLowerCase()}: ${round.title}`}
    >
      <p className="projector-kind">
        Results · {ROUND_KIND_LABEL[round.kind]} · {turnoutLine(round)}
      </p>
      <h2>{round.title}</h2>
      {round.kind === 'prompt' ? (
        <>
          <p className="projector-description">{round.prompt}</p>
          <ul className="projector-answers">
            {cards.map((c) => (
              <li key={c.id}>
                {c.text}
                {c.group && <span className="projector-answer-group">{c.group}</span>}
              </li>
            ))}
          </ul>
        </>
      ) : (
        <RoundResult round={round} />
      )}
    </article>
  );
}
