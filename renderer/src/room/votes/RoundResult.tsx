/**
 * A revealed round as the room reads it (the record the host wrote into the document):
 * dots or funding per item best first, with bars; WSJF averages and rank; who voted
 * what, for an open vote only. The same on a participant's screen and the projector.
 */
import {
  formatItemValue,
  itemValue,
  ROUND_KIND_LABEL,
  type RoundRecord,
} from '../../../../shared/model';
import { CRITERION_LABEL } from './ScoreBallot';
import { useTitles } from './ballot-parts';
import { CRITERIA } from '../../../../shared/sync/room/rounds';
import './votes-results.css';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** "4 people voted, 1 abstained" (or "7 answers"). */
export function turnoutLine(round: RoundRecord): string {
  if (round.kind === 'prompt') return plural(round.answers, 'answer');
  const voted = `${plural(round.voters, 'person', 'people')} voted`;
  return round.abstained ? `${voted}, ${round.abstained} abstained` : voted;
}

export function RoundResult({ round }: { round: RoundRecord }) {
  if (round.kind === 'score') return <ScoreTable round={round} />;
  if (round.kind === 'prompt') return null;
  return <Ranking round={round} />;
}

function Ranking({ round }: { round: RoundRecord }) {
  const title = useTitles();
  const values = round.ranking.map((id) => itemValue(round, id));
  const top = Math.max(1, ...values);
  const total = values.reduce((a, n) => a + n, 0);
  return (
    <>
      <ol className="vote-ranking" aria-label={`${ROUND_KIND_LABEL[round.kind]} result`}>
        {round.ranking.map((id, i) => {
          const value = values[i]!;
          // Ties share a place: 1, 1, 3.
          const place = 1 + values.filter((v) => v > value).length;
          return (
            <li key={id} className="vote-rank">
              <span className="vote-rank-place">{place}.</span>
              <span className="vote-rank-title">{title(id)}</span>
              <span className="vote-bar" aria-hidden="true">
                <span style={{ width: `${(value / top) * 100}%` }} />
              </span>
              <span className="vote-rank-value">
                {formatItemValue(round, value)}
                {round.kind === 'budget' && total > 0 && (
                  <span className="muted"> · {Math.round((value / total) * 100)}%</span>
                )}
              </span>
            </li>
          );
        })}
      </ol>
      {round.kind === 'budget' && (
        <p className="muted vote-note">
          Funded in all: {formatItemValue(round, total)}, from {turnoutLine(round)}.
        </p>
      )}
      {round.byVoter && round.byVoter.length > 0 && <ByVoter round={round} />}
    </>
  );
}

/** An open vote: who put how many dots where (chosen before the vote started). */
function ByVoter({ round }: { round: RoundRecord }) {
  const title = useTitles();
  return (
    <table className="vote-scores vote-by-voter">
      <caption>Who voted what (an open vote)</caption>
      <thead>
        <tr>
          <th scope="col">Person</th>
          {round.ranking.map((id) => (
            <th key={id} scope="col">
              {title(id)}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {round.byVoter!.map((v) => (
          <tr key={v.name}>
            <th scope="row">{v.name}</th>
            {round.ranking.map((id) => (
              <td key={id}>{v.dots[id] ?? 0}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function ScoreTable({ round }: { round: RoundRecord }) {
  const title = useTitles();
  return (
    <table className="vote-scores vote-score-result">
      <caption className="visually-hidden">Scores (WSJF) result, best first</caption>
      <thead>
        <tr>
          <th scope="col">Rank</th>
          <th scope="col">Item</th>
          {CRITERIA.map((c) => (
            <th key={c} scope="col">
              {CRITERION_LABEL[c]}
            </th>
          ))}
          <th scope="col">WSJF</th>
        </tr>
      </thead>
      <tbody>
        {round.ranking.map((id) => {
          const s = round.scores?.[id];
          return (
            <tr key={id}>
              <td>{s?.rank ?? '–'}</td>
              <th scope="row">{title(id)}</th>
              {CRITERIA.map((c) => (
                <td key={c}>{s ? s[c] : '–'}</td>
              ))}
              <td className="vote-wsjf">{s && s.scorers ? s.wsjf : '–'}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
