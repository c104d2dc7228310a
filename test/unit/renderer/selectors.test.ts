import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CanopyDoc, templateById } from '../../../shared/model';
import { createDocStore } from '../../../renderer/src/document/doc-store';
import {
  derive,
  selectAwaitingDecision,
  selectBoardCards,
  selectDecisionRequests,
  selectLearnedByNode,
  selectMatches,
  selectRollUps,
  selectSignals,
  selectSignalsByNode,
  selectStopped,
  selectVisible,
} from '../../../renderer/src/document/selectors';

const NOW = Date.UTC(2026, 10, 2, 9);

function exampleStore() {
  const model = new CanopyDoc(new Y.Doc(), { actor: 'ada', now: () => NOW });
  const t = templateById('example');
  model.initialise({ title: t.title, vision: t.vision });
  return { model, store: createDocStore(model) };
}

const firstOfKind = (model: CanopyDoc, kind: string) =>
  model.tree().order.find((id) => model.node(id)!.kind === kind)!;

describe('derive', () => {
  it('computes once per change of the slices it reads, whoever asks', () => {
    const { model, store } = exampleStore();
    let runs = 0;
    const count = derive(['order', 'learning'], (doc) => {
      runs++;
      return doc.order.length;
    });
    const first = store.getState();
    expect(count(first)).toBe(first.order.length);
    // A second view reading the same state: no second computation.
    expect(count(store.getState())).toBe(first.order.length);
    expect(runs).toBe(1);
    // A change it does not read (a board move) keeps the result.
    model.moveCard(firstOfKind(model, 'bet'), 'reviewing');
    expect(store.getState()).not.toBe(first);
    count(store.getState());
    expect(runs).toBe(1);
    // A change it reads (evidence) computes again.
    model.addEvidence(firstOfKind(model, 'bet'), { summary: 'Seen', stance: 'supports' });
    count(store.getState());
    expect(runs).toBe(2);
    store.destroy();
  });

  it('tells extra arguments apart and keeps the results of two documents at once', () => {
    const a = exampleStore();
    const b = exampleStore();
    let runs = 0;
    const f = derive(['order'], (doc, n: number) => {
      runs++;
      return doc.order.length * n;
    });
    const [sa, sb] = [a.store.getState(), b.store.getState()];
    expect(f(sa, 1)).toBe(sa.order.length);
    expect(f(sa, 2)).toBe(sa.order.length * 2);
    expect(f(sb, 1)).toBe(sb.order.length);
    expect(runs).toBe(3);
    f(sa, 1);
    f(sb, 1);
    f(sa, 2);
    expect(runs).toBe(3);
  });
});

describe('the document selectors', () => {
  it('return the same object to every view until what they read changes', () => {
    const { model, store } = exampleStore();
    const s1 = store.getState();
    const signals = selectSignals(s1, NOW);
    const rollUps = selectRollUps(s1);
    const cards = selectBoardCards(s1);
    expect(selectSignals(store.getState(), NOW)).toBe(signals);
    // A card's move changes the board: its cards and the signals follow, roll-ups do not.
    model.moveCard(firstOfKind(model, 'bet'), 'reviewing');
    const s2 = store.getState();
    expect(selectBoardCards(s2)).not.toBe(cards);
    expect(selectSignals(s2, NOW)).not.toBe(signals);
    expect(selectRollUps(s2)).toBe(rollUps);
    // Evidence changes learning (and its item's edit time): roll-ups follow.
    model.addEvidence(firstOfKind(model, 'bet'), { summary: 'Seen', stance: 'contradicts' });
    expect(selectRollUps(store.getState())).not.toBe(rollUps);
    // A later minute is a new reading of the signals.
    expect(selectSignals(s2, NOW + 60_000)).not.toBe(selectSignals(s2, NOW));
    store.destroy();
  });

  it('derive what the views show from the document', () => {
    const { model, store } = exampleStore();
    const bet = firstOfKind(model, 'bet');
    const goal = model.tree().parentOf.get(bet)!;
    model.addEvidence(bet, { summary: 'Users asked for it', stance: 'supports' });
    model.requestDecision(bet, { decider: 'Bea' });
    const s = store.getState();
    expect(selectRollUps(s).get(goal)!.supports).toBe(1);
    expect(selectLearnedByNode(s).get(goal)).toEqual({
      long: '1 for, 0 against',
      short: '▲1 ▼0',
    });
    expect(selectAwaitingDecision(s)).toEqual(new Set([bet]));
    expect(selectDecisionRequests(s)).toHaveLength(1);
    expect(selectBoardCards(s).map((c) => c.id)).toContain(bet);
    const byNode = selectSignalsByNode(s, NOW);
    for (const signal of selectSignals(s, NOW))
      if (signal.nodeId) expect(byNode.get(signal.nodeId)).toContain(signal.text);
    store.destroy();
  });

  it('list what is stopped, shown and found', () => {
    const { model, store } = exampleStore();
    const bet = firstOfKind(model, 'bet');
    const goal = model.tree().parentOf.get(bet)!;
    model.recordDecision(bet, { outcome: 'stop', learning: 'Nobody needed it' });
    model.updateNode(bet, { owner: 'Zed Quill' });
    const s = store.getState();
    expect(selectStopped(s).has(bet)).toBe(true);
    const collapsed = new Set([goal]);
    const visible = selectVisible(s, collapsed, null);
    expect(visible).toContain(goal);
    expect(visible).not.toContain(bet);
    expect(selectVisible(s, collapsed, null)).toBe(visible);
    expect(selectVisible(s, new Set(), goal)[0]).toBe(goal);
    expect(selectMatches(s, 'zed quill')).toEqual([bet]);
    expect(selectMatches(s, '  ')).toEqual([]);
    store.destroy();
  });
});
