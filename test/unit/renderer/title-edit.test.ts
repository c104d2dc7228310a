import { beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CanopyDoc, templateById } from '../../../shared/model';
import { createViewStore } from '../../../renderer/src/document/view-store';
import { finishRename } from '../../../renderer/src/tree/title-edit';
import { addAndRename } from '../../../renderer/src/tree/tree-keys';

beforeAll(() => {
  // The view store keeps collapsed subtrees in localStorage.
  const items = new Map<string, string>();
  globalThis.localStorage = {
    getItem: (k: string) => items.get(k) ?? null,
    setItem: (k: string, v: string) => void items.set(k, v),
    removeItem: (k: string) => void items.delete(k),
    clear: () => items.clear(),
    key: () => null,
    length: 0,
  };
});

function setup() {
  const model = new CanopyDoc(new Y.Doc());
  const t = templateById('example');
  model.initialise({ title: t.title, vision: t.vision });
  const view = createViewStore('doc');
  const [rootId, goalId, betId] = model.tree().order;
  return { model, view, rootId: rootId!, goalId: goalId!, betId: betId! };
}

const titles = (model: CanopyDoc) => model.tree().order.map((id) => model.node(id)!.title);

describe('an item added by Tab or Enter', () => {
  it('is removed without a trace when its rename is cancelled or left empty', () => {
    for (const value of [null, '', '   ']) {
      const { model, view, goalId } = setup();
      view.getState().select(goalId);
      const before = titles(model);
      const undoSteps = model.undoManager.undoStack.length;
      const id = addAndRename(model, view.getState(), { parent: goalId }, 'canvas')!;
      expect(view.getState()).toMatchObject({ editing: id, selected: id });
      expect(model.tree().parentOf.get(id)).toBe(goalId);

      expect(finishRename(model, view.getState(), id, value)).toBe(false);
      expect(titles(model)).toEqual(before);
      expect(model.node(id)).toBeUndefined();
      // Nothing to undo or redo about it, and the selection is back where it was.
      expect(model.undoManager.undoStack.length).toBe(undoSteps);
      expect(model.undoManager.redoStack.length).toBe(0);
      expect(view.getState()).toMatchObject({ editing: null, selected: goalId });
    }
  });

  it('sixty Tabs, each abandoning the empty item before, leave no untitled item', () => {
    const { model, view, rootId } = setup();
    const before = model.tree().order.length;
    view.getState().select(rootId);
    for (let i = 0; i < 30; i++) {
      const id = addAndRename(
        model,
        view.getState(),
        { parent: view.getState().selected! },
        'canvas',
      )!;
      finishRename(model, view.getState(), id, '');
    }
    expect(model.tree().order.length).toBe(before);
  });

  it('is kept once titled, and is deleted if other edits came after it', () => {
    const { model, view, goalId, betId } = setup();
    const id = addAndRename(model, view.getState(), { parent: goalId }, 'canvas')!;
    expect(finishRename(model, view.getState(), id, 'Pop-up at the station')).toBe(true);
    expect(model.node(id)!.title).toBe('Pop-up at the station');

    const other = addAndRename(model, view.getState(), { parent: goalId }, 'canvas')!;
    model.updateNode(betId, { owner: 'Someone' }); // another edit of ours meanwhile
    expect(finishRename(model, view.getState(), other, null)).toBe(false);
    expect(model.tree().order).not.toContain(other);
    expect(model.node(betId)!.owner).toBe('Someone');
  });

  it('is kept when someone added a child under it meanwhile', () => {
    const { model, view, goalId } = setup();
    const id = addAndRename(model, view.getState(), { parent: goalId }, 'canvas')!;
    model.addNode(id, { title: 'A peer’s initiative' });
    expect(finishRename(model, view.getState(), id, '')).toBe(true);
    expect(model.tree().order).toContain(id);
  });
});

describe('renaming an existing item', () => {
  it('keeps an item emptied on purpose', () => {
    const { model, view, betId } = setup();
    view.getState().edit(betId);
    expect(finishRename(model, view.getState(), betId, '')).toBe(true);
    expect(model.node(betId)!.title).toBe('');
  });

  it('makes each committed rename its own undo step, however quick', () => {
    const { model, view, goalId, betId } = setup();
    const goal = model.node(goalId)!.title;
    model.undoManager.stopCapturing();
    view.getState().edit(goalId);
    finishRename(model, view.getState(), goalId, 'First rename');
    view.getState().edit(betId);
    finishRename(model, view.getState(), betId, 'Second rename');
    model.undoManager.undo();
    expect(model.node(betId)!.title).not.toBe('Second rename');
    expect(model.node(goalId)!.title).toBe('First rename');
    model.undoManager.undo();
    expect(model.node(goalId)!.title).toBe(goal);
  });

  it('does nothing for an item that is not being renamed', () => {
    const { model, view, goalId } = setup();
    expect(finishRename(model, view.getState(), goalId, 'Elsewhere')).toBe(false);
    expect(model.node(goalId)!.title).not.toBe('Elsewhere');
  });
});
