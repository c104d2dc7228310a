/**
 * Every revealed vote, budget and scoring round the item was in, newest first: where
 * it placed and what it got, the WSJF averages, and for an open vote who put dots on
 * it. Results are written once by the host at the reveal; nothing here edits them.
 */
import { useId, useMemo } from 'react';
import { isoDay, resultsFor, ROUND_KIND_LABEL, type ItemResult } from '../../../../shared/model';
import { useDoc } from '../../document/document-context';
import { amountText, placeText, valueText, wsjfText } from '../../document/round-results';
import '../../document/results.css';
import '../../learning/learning.css';

export function VotesSection({ nodeId }: { nodeId: string }) {
  const rounds = useDoc((s) => s.rounds);
  const results = useMemo(() => resultsFor(rounds, nodeId), [rounds, nodeId]);
  const headingId = useId();
  return (
    <section className="details-section" aria-labelledby={headingId}>
      <h3 id={headingId}>Votes and scores</h3>
      {results.length === 0 ? (
        <p className="muted details-empty-note">
          Nothing was voted on, funded or scored with this item yet. The facilitator starts a round
          from File → Run the room….
        </p>
      ) : (
        <ul className="details-list vote-results" aria-label="Votes and scores">
          {results.map((r) => (
            <ResultItem key={r.round.id} result={r} nodeId={nodeId} />
          ))}
        </ul>
      )}
    </section>
  );
}

function ResultItem({ result, nodeId }: { result: ItemResult; nodeId: string }) {
  const { round } = result;
  const score = round.kind === 'score' ? round.scores?.[nodeId] : undefined;
  const given =
    round.kind === 'budget' ? Object.values(round.funding ?? {}).reduce((sum, n) => sum + n, 0) : 0;
  const dotsBy = (round.byVoter ?? [])
    .map((v) => ({ name: v.name, dots: v.dots[nodeId] ?? 0 }))
    .filter((v) => v.dots > 0);
  return (
    <li className={`vote-result kind-${round.kind}`}>
      <span className="evidence-head">
        <span className="badge">{ROUND_KIND_LABEL[round.kind]}</span>
        <span className="muted">{isoDay(round.at)}</span>
      </span>
      <strong className="vote-result-title">{round.title}</strong>
      <span className="vote-result-line">
        {placeText(result)} · {valueText(result)}
        {round.kind === 'budget' && given > 0 && (
          <span className="muted">
            {' '}
            ({Math.round((result.value / given) * 100)}% of {amountText(round.unit, given)})
          </span>
        )}
      </span>
      {score && (
        <span className="vote-result-scores">
          Value {wsjfText(score.value)} · Time {wsjfText(score.time)} · Risk {wsjfText(score.risk)}{' '}
          · Size {wsjfText(score.size)}
          <span className="muted">
            {' '}
            (averages of {score.scorers} {score.scorers === 1 ? 'scorer' : 'scorers'})
          </span>
        </span>
      )}
      <span className="muted">
        {round.voters} {round.voters === 1 ? 'person' : 'people'} took part
        {round.abstained > 0 && `, ${round.abstained} abstained`}
        {round.byVoter ? '; an open vote' : ''}
      </span>
      {dotsBy.length > 0 && (
        <span className="vote-result-voters">
          Dots from {dotsBy.map((v) => `${v.name} (${v.dots})`).join(', ')}
        </span>
      )}
    </li>
  );
}
