import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CanopyDoc, templateById, writeRevealedRound } from '../../../shared/model';
import { createDocStore } from '../../../renderer/src/document/doc-store';

function exampleModel() {
  const model = new CanopyDoc(new Y.Doc());
  const t = templateById('example');
  model.initialise({ title: t.title, vision: t.vision });
  return model;
}

describe('doc store', () => {
  it('takes in a revealed round, and keeps the tree slices as they were', () => {
    const model = exampleModel();
    const store = createDocStore(model);
    const before = store.getState();
    expect(before.rounds.rounds).toEqual([]);
    const bets = before.order.filter((id) => before.nodes.get(id)!.kind === 'bet');
    writeRevealedRound(
      model.ydoc,
      'r1',
      {
        kind: 'dots',
        title: 'Which bets first?',
        at: 1,
        items: bets,
        voters: 2,
        abstained: 0,
        totals: { [bets[0]!]: 1, [bets[1]!]: 3 },
        unit: '',
        prompt: '',
        answers: 0,
      },
      [],
      'host',
    );
    const after = store.getState();
    expect(after.rounds.rounds.map((r) => r.ranking.slice(0, 2))).toEqual([[bets[1], bets[0]]]);
    expect(after.nodes).toBe(before.nodes);
    expect(after.board).toBe(before.board);
    store.destroy();
  });

  it('replaces only the changed node objects on a field edit', () => {
    const model = exampleModel();
    const store = createDocStore(model);
    const before = store.getState();
    const [rootId, goalId, betId] = before.order;
    model.updateNode(goalId!, { title: 'Edited goal' });
    const after = store.getState();
    expect(after.nodes.get(goalId!)!.title).toBe('Edited goal');
    expect(after.nodes.get(betId!)).toBe(before.nodes.get(betId!));
    expect(after.nodes.get(rootId!)).toBe(before.nodes.get(rootId!));
    // The tree shape did not change, so it is the same object.
    expect(after.order).toBe(before.order);
    store.destroy();
  });

  it('re-resolves the tree on a move and drops deleted nodes from the order', () => {
    const model = exampleModel();
    const store = createDocStore(model);
    const { order, rootId } = store.getState();
    const bet = order[2]!;
    model.moveNode(bet, rootId!);
    expect(store.getState().parentOf.get(bet)).toBe(rootId);
    model.deleteSubtree(bet);
    expect(store.getState().order).not.toContain(bet);
    store.destroy();
  });

  it('follows a remote update that makes the document newer (read-only)', () => {
    const model = exampleModel();
    const store = createDocStore(model);
    const remote = new Y.Doc();
    Y.applyUpdate(remote, Y.encodeStateAsUpdate(model.ydoc));
    remote.getMap('meta').set('schemaVersion', 99);
    Y.applyUpdate(model.ydoc, Y.encodeStateAsUpdate(remote, Y.encodeStateVector(model.ydoc)));
    expect(store.getState().readOnly).toBe(true);
    expect(store.getState().schema).toBe('newer');
    store.destroy();
  });
});
