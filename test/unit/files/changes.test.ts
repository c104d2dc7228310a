import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { changedSince, type TreeLike } from '../../../shared/files/changes';
import { CanopyDoc, templateById } from '../../../shared/model';

const view = (model: CanopyDoc): TreeLike => {
  const tree = model.tree();
  return { ...tree, nodes: new Map(tree.order.map((id) => [id, model.node(id)!])) };
};

function snapshotOf(model: CanopyDoc): TreeLike {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(model.ydoc));
  return view(new CanopyDoc(copy));
}

describe('changes since a snapshot', () => {
  it('finds added, edited, moved and reordered nodes, and nothing else', () => {
    const model = new CanopyDoc(new Y.Doc());
    const template = templateById('example');
    model.initialise({ title: template.title, vision: template.vision });
    const then = snapshotOf(model);
    expect(changedSince(then, view(model))).toEqual(new Map());

    const [, goal1, bet1, init1, init2] = model.tree().order;
    const added = model.addNode(goal1!, { title: 'New bet' });
    model.updateNode(init1!, { owner: 'Someone else' });
    model.reorderNode(init2!, 0); // init1 and init2 swap places
    const goal2 = model.tree().childrenOf.get(model.tree().rootId!)![1]!;
    model.moveNode(bet1!, goal2);
    expect(changedSince(then, view(model))).toEqual(
      new Map([
        [bet1!, 'changed'],
        [init2!, 'changed'],
        [init1!, 'changed'],
        [added, 'added'],
      ]),
    );
  });
});
