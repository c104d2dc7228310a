/**
 * WSJF scoring on one's own screen: for each item, value, time criticality, risk
 * reduction and job size on the Fibonacci scale. Items scored on all four go to the
 * host as they are completed; one's own WSJF is shown beside each, for a sense check.
 */
import { useState } from 'react';
import {
  CRITERIA,
  FIBONACCI,
  type Criterion,
  type RoundConfig,
} from '../../../../shared/sync/room/rounds';
import { completeScores, type Scores } from './ballot-draft';
import { AbstainRow, BallotStatus, ItemTitle, useTitles } from './ballot-parts';
import type { BallotSync } from './useBallot';

type Score = Extract<RoundConfig, { kind: 'score' }>;

export const CRITERION_LABEL: Record<Criterion, string> = {
  value: 'Value',
  time: 'Time criticality',
  risk: 'Risk reduction',
  size: 'Job size',
};

export function ScoreBallot({ config, sync }: { config: Score; sync: BallotSync }) {
  const title = useTitles();
  const [scores, setScores] = useState<Scores>(() =>
    sync.mine && 'scores' in sync.mine ? sync.mine.scores : {},
  );
  const [abstaining, setAbstaining] = useState(sync.mine !== null && 'abstain' in sync.mine);
  const complete = completeScores(scores);
  const done = Object.keys(complete).length;

  const choose = (id: string, c: Criterion, value: string) => {
    const item = { ...scores[id] };
    if (value) item[c] = Number(value);
    else delete item[c];
    const next = { ...scores, [id]: item };
    setScores(next);
    setAbstaining(false);
    const full = completeScores(next);
    if (Object.keys(full).length) sync.send({ scores: full });
  };

  return (
    <div className="vote-ballot">
      <p className="vote-budget-line">
        <output className="vote-left" aria-live="polite">
          {done} of {config.items.length} scored
        </output>{' '}
        <span className="muted">
          An item counts once all four are chosen. WSJF = (value + time + risk) ÷ job size.
        </span>
      </p>
      <table className="vote-scores">
        <thead>
          <tr>
            <th scope="col">Item</th>
            {CRITERIA.map((c) => (
              <th key={c} scope="col">
                {CRITERION_LABEL[c]}
              </th>
            ))}
            <th scope="col">Your WSJF</th>
          </tr>
        </thead>
        <tbody>
          {config.items.map((id) => {
            const s = complete[id];
            return (
              <tr key={id}>
                <th scope="row">
                  <ItemTitle id={id} />
                </th>
                {CRITERIA.map((c) => (
                  <td key={c}>
                    <select
                      aria-label={`${CRITERION_LABEL[c]} of ${title(id)}`}
                      value={scores[id]?.[c] ?? ''}
                      disabled={!sync.online}
                      onChange={(e) => choose(id, c, e.target.value)}
                    >
                      <option value="">–</option>
                      {FIBONACCI.map((f) => (
                        <option key={f} value={f}>
                          {f}
                        </option>
                      ))}
                    </select>
                  </td>
                ))}
                <td className="vote-wsjf">
                  {s ? ((s.value + s.time + s.risk) / s.size).toFixed(1) : '–'}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <AbstainRow
        sync={sync}
        abstained={abstaining}
        onAbstain={() => {
          setAbstaining(true);
          setScores({});
          sync.send({ abstain: true });
        }}
      />
      <BallotStatus
        sync={sync}
        abstained={abstaining}
        waiting={done === 0 && !abstaining ? 'Score an item on all four to send your vote.' : null}
      />
    </div>
  );
}
