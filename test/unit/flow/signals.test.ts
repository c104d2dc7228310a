import { describe, expect, it } from 'vitest';
import { DAY_MS } from '../../../shared/flow/metrics';
import { findSignals, type SignalKind } from '../../../shared/flow/signals';
import { clockedModel } from '../model/helpers';

/** A small tree: one goal with a measured bet and an initiative, one goal with nothing. */
function setup() {
  const { clock, model } = clockedModel('alice');
  model.initialise({
    title: 'Signals',
    vision: {
      title: 'Vision',
      children: [
        {
          title: 'Reach',
          children: [
            {
              title: 'Pop-ups',
              kind: 'bet',
              measures: [{ name: 'Visits', target: 100 }],
              children: [{ title: 'Market stall', hypothesis: { believe: 'People stop by' } }],
            },
            { title: 'Bare bet', kind: 'bet' },
          ],
        },
        { title: 'Empty goal' },
      ],
    },
  });
  const id = (title: string) => model.tree().order.find((n) => model.node(n)!.title === title)!;
  const signals = () => {
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
    );
  };
  const of = (kind: SignalKind) => signals().filter((s) => s.kind === kind);
  return { model, clock, id, signals, of };
}

describe('signals', () => {
  it('lists gaps in the plan: goals without bets, bets without measures, initiatives without a hypothesis, measures never updated', () => {
    const { id, of, model } = setup();
    expect(of('goalWithoutBets').map((s) => s.nodeId)).toEqual([id('Empty goal')]);
    expect(of('betWithoutMeasures').map((s) => s.text)).toEqual([
      'Bet “Bare bet” has no measures of success.',
    ]);
    expect(of('initiativeWithoutHypothesis')).toEqual([]);
    expect(of('measureNeverUpdated').map((s) => s.nodeId)).toEqual([id('Pop-ups')]);
    const measure = model.node(id('Pop-ups'))!.measures[0]!.id;
    model.updateMeasure(id('Pop-ups'), measure, { current: 12 });
    expect(of('measureNeverUpdated')).toEqual([]);
    // A measure made with a current value was updated when it was made.
    model.addMeasure(id('Bare bet'), { name: 'Loans', current: 3 });
    expect(of('measureNeverUpdated')).toEqual([]);
    model.updateNode(id('Market stall'), { hypothesis: { believe: '  ' } });
    expect(of('initiativeWithoutHypothesis').map((s) => s.nodeId)).toEqual([id('Market stall')]);
  });

  it('lists columns over their limit, stalled items and decisions waiting too long', () => {
    const { id, of, model, clock } = setup();
    model.updateColumn('implementing', { wipLimit: 1 });
    model.moveCard(id('Pop-ups'), 'implementing');
    model.moveCard(id('Market stall'), 'implementing');
    model.moveCard(id('Bare bet'), 'analyzing'); // awaits a decision
    expect(of('overWip').map((s) => s.text)).toEqual([
      'Implementing holds 2 items; its limit is 1.',
    ]);
    expect(of('stalled')).toEqual([]);
    expect(of('decisionPending')).toEqual([]);

    clock.now += 8 * DAY_MS;
    expect(of('decisionPending').map((s) => s.text)).toEqual([
      '“Bare bet” has waited 8 days for a decision in Analyzing.',
    ]);
    model.updateNode(id('Market stall'), { owner: 'Ana' }); // an edit keeps it from stalling
    clock.now += 7 * DAY_MS;
    expect(of('stalled').map((s) => s.text)).toEqual([
      '“Pop-ups” has been in Implementing for 15 days without a change.',
      '“Bare bet” has been in Analyzing for 15 days without a change.',
    ]);
    clock.now += 8 * DAY_MS; // the edit on day 8 is now 15 days old
    expect(of('stalled').map((s) => s.text)).toContain(
      '“Market stall” has been in Implementing for 23 days; last edited 15 days ago.',
    );
    model.moveCard(id('Bare bet'), 'implementing');
    expect(of('decisionPending')).toEqual([]);
  });

  it('a stopped item is not nagged; work still running under it is a signal until it is stopped too', () => {
    const { id, of, model, clock } = setup();
    const van = model.addNode(id('Bare bet'), { title: 'Van route' });
    const nested = model.addNode(van, { title: 'Driver rota' });
    const done = model.addNode(id('Bare bet'), { title: 'Survey' });
    model.moveCard(van, 'analyzing');
    model.moveCard(done, 'done');
    expect(of('betWithoutMeasures').map((s) => s.nodeId)).toEqual([id('Bare bet')]);
    expect(of('liveUnderStopped')).toEqual([]);

    model.recordDecision(id('Bare bet'), { outcome: 'stop', learning: 'No budget for vans' });
    expect(of('betWithoutMeasures')).toEqual([]);
    expect(of('liveUnderStopped').map((s) => s.text)).toEqual([
      '“Van route” is still in Analyzing, under “Bare bet”, which was stopped.',
      '“Driver rota” is still in Funnel, under “Bare bet”, which was stopped.',
    ]);
    // Still running, so still nagged for its own gaps.
    expect(of('initiativeWithoutHypothesis').map((s) => s.nodeId)).toEqual([van, nested, done]);
    clock.now += 8 * DAY_MS;
    expect(of('decisionPending').map((s) => s.nodeId)).toEqual([van]);

    expect(model.stopLiveBelow(id('Bare bet'))).toEqual([van, nested]);
    expect(of('liveUnderStopped')).toEqual([]);
    expect(of('decisionPending')).toEqual([]);
    // Done work is not stopped, and keeps its own signals.
    expect(of('initiativeWithoutHypothesis').map((s) => s.nodeId)).toEqual([done]);
  });
});
