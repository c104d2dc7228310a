import { describe, expect, it } from 'vitest';
import { leansAgainst, rollUps } from '../../../shared/flow/learning';
import { DAY_MS } from '../../../shared/flow/metrics';
import { findSignals } from '../../../shared/flow/signals';
import { type Evidence } from '../../../shared/model';
import { clockedModel } from '../model/helpers';

function setup() {
  const { clock, model } = clockedModel();
  model.initialise({
    title: 'Roll-ups',
    vision: {
      title: 'Vision',
      children: [
        {
          title: 'Goal',
          children: [
            {
              title: 'Bet',
              kind: 'bet',
              children: [
                { title: 'Stall', hypothesis: { believe: 'People stop by' } },
                { title: 'Lockers', hypothesis: { believe: 'Commuters borrow' } },
              ],
            },
          ],
        },
        { title: 'Other goal' },
      ],
    },
  });
  const id = (t: string) => model.tree().order.find((n) => model.node(n)!.title === t)!;
  const signals = (kind: string) => {
    const tree = model.tree();
    const nodes = new Map(tree.order.map((n) => [n, model.node(n)!]));
    return findSignals(
      {
        nodes,
        order: tree.order,
        childrenOf: tree.childrenOf,
        board: model.board(),
        learning: model.learning(),
      },
      { now: clock.now },
    ).filter((s) => s.kind === kind);
  };
  return { model, clock, id, signals };
}

describe('roll-ups', () => {
  it('each ancestor counts its whole subtree: evidence for and against, decisions, stops with learnings', () => {
    const { model, id } = setup();
    model.addEvidence(id('Stall'), { summary: 'a', stance: 'supports' });
    model.addEvidence(id('Stall'), { summary: 'b', stance: 'contradicts' });
    model.addEvidence(id('Lockers'), { summary: 'c', stance: 'contradicts' });
    model.addEvidence(id('Bet'), { summary: 'd', stance: 'inconclusive' });
    model.recordDecision(id('Lockers'), { outcome: 'stop', learning: 'Stations are too busy' });
    model.requestDecision(id('Stall')); // open: not a decision yet
    const r = rollUps(model.tree(), model.learning());
    expect(r.get(id('Stall'))).toMatchObject({
      supports: 1,
      contradicts: 1,
      decisions: 0,
      stopped: [],
    });
    expect(r.get(id('Goal'))).toEqual({
      supports: 1,
      contradicts: 2,
      inconclusive: 1,
      decisions: 1,
      stopped: [{ nodeId: id('Lockers'), learning: 'Stations are too busy' }],
    });
    expect(r.get(model.tree().rootId!)).toEqual(r.get(id('Goal')));
    expect(r.get(id('Other goal'))).toMatchObject({ supports: 0, contradicts: 0, decisions: 0 });
  });

  it('a later decision that is not a stop means the item is no longer stopped', () => {
    const { model, clock, id } = setup();
    model.recordDecision(id('Stall'), { outcome: 'stop', learning: 'Too cold' });
    clock.now += DAY_MS;
    model.recordDecision(id('Stall'), { outcome: 'pivot', rationale: 'Indoors instead' });
    expect(rollUps(model.tree(), model.learning()).get(id('Bet'))).toMatchObject({
      decisions: 2,
      stopped: [],
    });
  });
});

const ev = (stance: Evidence['stance'], strength: Evidence['strength']): Evidence => ({
  id: `${stance}-${strength}`,
  nodeId: 'n',
  summary: '',
  stance,
  strength,
  source: '',
  date: '2026-11-02',
  recordedBy: '',
  recordedAt: 0,
});

describe('the contradiction signal', () => {
  it('evidence leans against when contradictions outweigh support (weak 1, moderate 2, strong 3)', () => {
    expect(leansAgainst([])).toBe(false);
    expect(leansAgainst([ev('contradicts', 'weak')])).toBe(true);
    expect(leansAgainst([ev('contradicts', 'weak'), ev('supports', 'weak')])).toBe(false);
    expect(leansAgainst([ev('contradicts', 'strong'), ev('supports', 'moderate')])).toBe(true);
    expect(leansAgainst([ev('contradicts', 'moderate'), ev('inconclusive', 'strong')])).toBe(true);
  });

  it('is raised while the item is active, and not in the funnel or once stopped', () => {
    const { model, id, signals } = setup();
    model.addEvidence(id('Stall'), {
      summary: 'Nobody came',
      stance: 'contradicts',
      strength: 'strong',
    });
    expect(signals('contradicted')).toEqual([]); // still in the Funnel
    model.moveCard(id('Stall'), 'implementing');
    expect(signals('contradicted').map((s) => s.text)).toEqual([
      'The evidence on “Stall” leans against its hypothesis, and it is still in Implementing.',
    ]);
    model.recordDecision(id('Stall'), { outcome: 'stop', learning: 'Saturdays are for family' });
    expect(signals('contradicted')).toEqual([]);
  });
});

describe('decision signals', () => {
  it('a requested decision open past its date is signalled; requests count in decision waits', () => {
    const { model, clock, id, signals } = setup();
    model.requestDecision(id('Bet'), { decider: 'Director', due: '2026-11-05' });
    expect(signals('decisionOverdue')).toEqual([]);
    clock.now += 4 * DAY_MS;
    expect(signals('decisionOverdue').map((s) => s.text)).toEqual([
      'The decision on “Bet”, asked of Director, was due on 2026-11-05 and is still open.',
    ]);
    clock.now += 4 * DAY_MS;
    expect(signals('decisionPending').map((s) => s.text)).toEqual([
      '“Bet” has waited 8 days for a decision in Funnel.',
    ]);
    model.recordDecision(id('Bet'), { outcome: 'persevere' });
    expect(signals('decisionOverdue')).toEqual([]);
    expect(signals('decisionPending')).toEqual([]);
  });
});
