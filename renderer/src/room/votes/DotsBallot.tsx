/**
 * A dot vote on one's own screen: + and − per item, the dots left and the cap per
 * item, Abstain. Every change goes to the host at once (a new ballot replaces the
 * old one until the reveal); under "must use all", only once every dot is placed.
 */
import { useState } from 'react';
import { ballotProblem, type Ballot, type RoundConfig } from '../../../../shared/sync/room/rounds';
import { canAddDot, changeDots, dotsLeft, type Counts } from './ballot-draft';
import { AbstainRow, BallotStatus, ItemButton, ItemTitle, useTitles } from './ballot-parts';
import type { BallotSync } from './useBallot';

type Dots = Extract<RoundConfig, { kind: 'dots' }>;

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function DotsBallot({ config, sync }: { config: Dots; sync: BallotSync }) {
  const title = useTitles();
  const [ballot, setBallot] = useState<Ballot | null>(sync.mine);
  const dots: Counts = ballot && 'dots' in ballot ? ballot.dots : {};
  const left = dotsLeft(config, dots);
  const abstained = ballot !== null && 'abstain' in ballot;

  const change = (next: Ballot) => {
    setBallot(next);
    if (!ballotProblem(config, next)) sync.send(next);
  };
  const incomplete = !abstained && config.mustUseAll && left > 0;

  return (
    <div className="vote-ballot">
      <p className="vote-budget-line">
        <output className="vote-left" aria-live="polite">
          {plural(left, 'dot')} left
        </output>{' '}
        <span className="muted">
          of {config.dots} · at most {config.cap} on one item
          {config.mustUseAll ? ' · use them all (or abstain)' : ''}
        </span>
      </p>
      <ul className="vote-items" aria-label="Items">
        {config.items.map((id) => {
          const n = dots[id] ?? 0;
          return (
            <li key={id} className="vote-item">
              <ItemTitle id={id} />
              <span className="vote-dots" aria-hidden="true">
                {Array.from({ length: config.cap }, (_, i) => (
                  <span key={i} className={i < n ? 'vote-dot is-on' : 'vote-dot'} />
                ))}
              </span>
              <span className="vote-count">{plural(n, 'dot')}</span>
              <span className="vote-steppers">
                <ItemButton
                  label={`Remove a dot from ${title(id)}`}
                  text="−"
                  disabled={!sync.online || n === 0}
                  onClick={() => change({ dots: changeDots(dots, id, -1) })}
                />
                <ItemButton
                  label={`Add a dot to ${title(id)}`}
                  text="+"
                  disabled={!sync.online || !canAddDot(config, dots, id)}
                  onClick={() => change({ dots: changeDots(dots, id, 1) })}
                />
              </span>
            </li>
          );
        })}
      </ul>
      <AbstainRow sync={sync} abstained={abstained} onAbstain={() => change({ abstain: true })} />
      <BallotStatus
        sync={sync}
        abstained={abstained}
        waiting={
          incomplete
            ? `Place all ${config.dots} dots to send your vote (${plural(left, 'dot')} to go).`
            : null
        }
      />
    </div>
  );
}
