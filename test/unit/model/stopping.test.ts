import { describe, expect, it } from 'vitest';
import {
  isStopped,
  liveBelow,
  liveUnderStopped,
  stopDecision,
  stoppedSet,
  type CanopyDoc,
} from '../../../shared/model';
import { clockedModel, expectCanopyError, replicaOf, sync } from './helpers';

/** A bet with two initiatives (one with a nested one) and a second, untouched bet. */
function setup() {
  const { clock, model } = clockedModel('alice');
  model.initialise({
    title: 'Stopping',
    vision: {
      title: 'Vision',
      children: [
        {
          title: 'Goal',
          children: [
            {
              title: 'Vans',
              kind: 'bet',
              children: [{ title: 'Route', children: [{ title: 'Rota' }] }, { title: 'Survey' }],
            },
            { title: 'Lockers', kind: 'bet', children: [{ title: 'Station' }] },
          ],
        },
      ],
    },
  });
  const id = (title: string) => model.tree().order.find((n) => model.node(n)!.title === title)!;
  return { model, clock, id };
}

function view(model: CanopyDoc) {
  const tree = model.tree();
  return {
    nodes: new Map(tree.order.map((n) => [n, model.node(n)!])),
    order: tree.order,
    childrenOf: tree.childrenOf,
    board: model.board(),
    learning: model.learning(),
  };
}

const titles = (model: CanopyDoc, ids: Iterable<string>) =>
  [...ids].map((n) => model.node(n)!.title);

describe('stopping a bet', () => {
  it('with stopLiveBelow, stops every card still running under it with the same learning, in one undo step', () => {
    const { model, id } = setup();
    model.moveCard(id('Route'), 'analyzing');
    model.moveCard(id('Survey'), 'done');
    model.undoManager.stopCapturing();
    let updates = 0;
    model.ydoc.on('update', () => updates++);

    model.recordDecision(id('Vans'), {
      outcome: 'stop',
      learning: 'No budget for vans',
      stopLiveBelow: true,
    });
    expect(updates).toBe(1);
    expect(titles(model, stoppedSet(view(model)))).toEqual(['Vans', 'Route', 'Rota']);
    for (const t of ['Route', 'Rota']) {
      expect(model.cardColumn(id(t)).id).toBe('stopped');
      expect(stopDecision(model.learning(), id(t))).toMatchObject({
        outcome: 'stop',
        learning: 'No budget for vans',
        rationale: 'Stopped along with “Vans”.',
        decidedBy: 'alice',
      });
    }
    // Done work is not running: it keeps its Done.
    expect(model.cardColumn(id('Survey')).id).toBe('done');
    expect(liveUnderStopped(view(model))).toEqual([]);

    model.undoManager.stopCapturing();
    model.undoManager.undo();
    for (const t of ['Vans', 'Route', 'Rota'])
      expect(model.learning().decisionsByNode.get(id(t))).toBeUndefined();
  });

  it('without it, the live work stays and is listed under the stopped bet; stopLiveBelow stops it later', () => {
    const { model, id } = setup();
    model.recordDecision(id('Vans'), { outcome: 'stop', learning: 'No budget for vans' });
    expect(isStopped(view(model), id('Vans'))).toBe(true);
    expect(
      liveUnderStopped(view(model)).map((l) => [
        model.node(l.id)!.title,
        model.node(l.stoppedAbove)!.title,
      ]),
    ).toEqual([
      ['Route', 'Vans'],
      ['Rota', 'Vans'],
      ['Survey', 'Vans'],
    ]);
    expect(titles(model, liveBelow(view(model), id('Lockers')))).toEqual(['Station']);

    expect(titles(model, model.stopLiveBelow(id('Vans')))).toEqual(['Route', 'Rota', 'Survey']);
    expect(liveUnderStopped(view(model))).toEqual([]);
    expect(model.stopLiveBelow(id('Vans'))).toEqual([]);
  });

  it('an item stopped by hand (moved to Stopped) needs a learning to stop the rest; a live one refuses', () => {
    const { model, id } = setup();
    expectCanopyError(() => model.stopLiveBelow(id('Lockers'), 'x'), 'CANOPY-017');
    model.moveCard(id('Lockers'), 'stopped');
    expect(isStopped(view(model), id('Lockers'))).toBe(true);
    expectCanopyError(() => model.stopLiveBelow(id('Lockers')), 'CANOPY-014');
    expect(model.stopLiveBelow(id('Lockers'), 'Stations said no')).toEqual([id('Station')]);
    expect(stopDecision(model.learning(), id('Station'))!.learning).toBe('Stations said no');
  });

  it('on a board without a Stopped column, the latest decision being a stop is what stops', () => {
    const { model, id, clock } = setup();
    model.removeColumn('stopped');
    model.recordDecision(id('Lockers'), { outcome: 'stop', learning: 'No', stopLiveBelow: true });
    expect(titles(model, stoppedSet(view(model)))).toEqual(['Lockers', 'Station']);
    clock.now += 1000;
    model.recordDecision(id('Lockers'), { outcome: 'persevere' });
    expect(isStopped(view(model), id('Lockers'))).toBe(false);
  });

  it('a peer sees the same stopped items after sync', () => {
    const { model, id } = setup();
    const peer = replicaOf(model.ydoc);
    model.recordDecision(id('Vans'), { outcome: 'stop', learning: 'No', stopLiveBelow: true });
    sync(model.ydoc, peer.ydoc);
    expect(titles(peer.model, stoppedSet(view(peer.model)))).toEqual([
      'Vans',
      'Route',
      'Rota',
      'Survey',
    ]);
  });
});
