/**
 * Participatory budgeting on one's own screen: an amount per item out of one's equal
 * share, what is left of it. A whole, affordable spread goes to the host as it is
 * typed; anything else stays on the screen with the reason, nothing typed is lost.
 */
import { useState } from 'react';
import type { RoundConfig } from '../../../../shared/sync/room/rounds';
import { budgetLeft, parseAmount, type Counts } from './ballot-draft';
import { AbstainRow, BallotStatus, ItemTitle, useTitles } from './ballot-parts';
import type { BallotSync } from './useBallot';

type Budget = Extract<RoundConfig, { kind: 'budget' }>;

const amount = (n: number, unit: string) => `${n.toLocaleString('en')}${unit ? ` ${unit}` : ''}`;

export function BudgetBallot({ config, sync }: { config: Budget; sync: BallotSync }) {
  const title = useTitles();
  const [texts, setTexts] = useState<Record<string, string>>(() => {
    const held = sync.mine && 'budget' in sync.mine ? sync.mine.budget : {};
    return Object.fromEntries(config.items.map((id) => [id, held[id] ? String(held[id]) : '']));
  });
  const abstained = sync.state === 'in' && sync.mine !== null && 'abstain' in sync.mine;
  const [abstaining, setAbstaining] = useState(abstained);

  const parsed = Object.entries(texts).map(([id, t]) => [id, parseAmount(t)] as const);
  const bad = parsed.filter(([, n]) => n === null).map(([id]) => id);
  const spread: Counts = {};
  for (const [id, n] of parsed) if (n) spread[id] = n;
  const left = budgetLeft(config, spread);
  const waiting = bad.length
    ? `Amounts are whole numbers: check ${bad.map(title).join(', ')}.`
    : left < 0
      ? `That is ${amount(-left, config.unit)} more than your share: take some off.`
      : null;

  const type = (id: string, text: string) => {
    const next = { ...texts, [id]: text };
    setTexts(next);
    setAbstaining(false);
    const budget: Counts = {};
    for (const [k, t] of Object.entries(next)) {
      const n = parseAmount(t);
      if (n === null) return;
      if (n) budget[k] = n;
    }
    if (budgetLeft(config, budget) >= 0) sync.send({ budget });
  };

  return (
    <div className="vote-ballot">
      <p className="vote-budget-line">
        <output className="vote-left" aria-live="polite">
          {amount(Math.max(0, left), config.unit)} left
        </output>{' '}
        <span className="muted">of your share of {amount(config.budget, config.unit)}</span>
      </p>
      <ul className="vote-items" aria-label="Items">
        {config.items.map((id) => (
          <li key={id} className="vote-item">
            <ItemTitle id={id} />
            <label className="vote-amount">
              <span className="visually-hidden">Amount for {title(id)}</span>
              <input
                type="text"
                inputMode="numeric"
                placeholder="0"
                value={texts[id] ?? ''}
                disabled={!sync.online}
                aria-invalid={bad.includes(id) || undefined}
                onChange={(e) => type(id, e.target.value)}
              />
              <span className="muted">{config.unit}</span>
            </label>
          </li>
        ))}
      </ul>
      <AbstainRow
        sync={sync}
        abstained={abstaining}
        onAbstain={() => {
          setAbstaining(true);
          setTexts(Object.fromEntries(config.items.map((id) => [id, ''])));
          sync.send({ abstain: true });
        }}
      />
      <BallotStatus sync={sync} abstained={abstaining} waiting={waiting} />
    </div>
  );
}
