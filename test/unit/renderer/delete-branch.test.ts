import { beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CanopyDoc, templateById } from '../../../shared/model';
import { createDocStore } from '../../../renderer/src/document/doc-store';
import { createViewStore } from '../../../renderer/src/document/view-store';
import { deleteBranch, undoDeletion, type Deletion } from '../../../renderer/src/tree/tree-keys';
import { treeCommands } from '../../../renderer/src/tree/tree-commands';
import { CommandRegistry } from '../../../renderer/src/commands/registry';
import type { CommandContext } from '../../../renderer/src/commands/context';
import type { Platform } from '../../../renderer/src/platform/platform';
import { visibleOrder } from '../../../renderer/src/document/selectors';

beforeAll(() => {
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
  const goal = model.tree().childrenOf.get(model.tree().rootId!)![0]!;
  return { model, view, goal };
}

describe('deleting a branch', () => {
  it('deletes it whole as one undo step, even right after another edit', () => {
    const { model, view, goal } = setup();
    const before = model.tree().order.length;
    const branch = model.tree().order.filter((id) => {
      for (let p: string | undefined = id; p; p = model.tree().parentOf.get(p))
        if (p === goal) return true;
      return false;
    });
    expect(branch.length).toBeGreaterThan(1);
    model.updateNode(goal, { owner: 'Renamed just before' });
    const deletion = deleteBranch(model, view.getState(), goal, null)!;
    expect(deletion).toMatchObject({ id: goal, count: branch.length });
    expect(model.tree().order.length).toBe(before - branch.length);

    model.undoManager.undo();
    expect(model.tree().order.length).toBe(before);
    expect(model.node(goal)!.owner).toBe('Renamed just before');
  });

  it('is undone by the toast only while it is our last undo step', () => {
    const { model, view, goal } = setup();
    const before = model.tree().order.length;
    const deletion = deleteBranch(model, view.getState(), goal, null)!;
    expect(undoDeletion(model, view.getState(), deletion)).toBe(true);
    expect(model.tree().order.length).toBe(before);
    expect(view.getState().selected).toBe(goal);

    const again = deleteBranch(model, view.getState(), goal, null)!;
    const root = model.tree().rootId!;
    model.updateNode(root, { owner: 'A later edit' });
    expect(undoDeletion(model, view.getState(), again)).toBe(false);
    expect(model.node(root)!.owner).toBe('A later edit');
    expect(model.tree().order).not.toContain(goal);
  });

  it('is what Delete does in the tree, and it tells who offers the undo', () => {
    const { model, view, goal } = setup();
    const store = createDocStore(model);
    view.getState().select(goal);
    const told: Deletion[] = [];
    const doc = store.getState();
    const registry = new CommandRegistry<CommandContext>();
    registry.register(treeCommands);
    const env = { kind: 'web', mac: false } as const;
    const ctx: CommandContext = {
      env,
      platform: {} as Platform,
      doc: {
        id: 'doc',
        model,
        store,
        view,
        tab: 'tree',
        actions: {
          propose: () => {},
          quickEvidence: () => {},
          history: () => {},
          handout: () => {},
          error: () => {},
          offerUndo: (d) => void told.push(d),
        },
      },
      item: {
        id: goal,
        surface: 'outline',
        visible: visibleOrder(doc, view.getState()),
        focus: () => {},
        rect: () => null,
      },
    };
    const key = { key: 'Delete', code: 'Delete', altKey: false, shiftKey: false };
    const command = registry.forKey({ ...key, ctrlKey: false, metaKey: false }, ctx, env, false);
    expect(command?.id).toBe('tree.delete');
    const used = registry.run(command!.id, ctx);
    expect(used).toBe(true);
    expect(told).toHaveLength(1);
    expect(told[0]!.title).toBe(doc.nodes.get(goal)!.title);
    // The selection moves on to the next item that was not deleted.
    expect(view.getState().selected).not.toBe(goal);
    expect(model.tree().order).toContain(view.getState().selected);
    store.destroy();
  });

  it('refuses the vision, with the reason', () => {
    const { model, view } = setup();
    expect(deleteBranch(model, view.getState(), model.tree().rootId!, null)).toBeNull();
    expect(view.getState().notice).toMatch(/CANOPY-004/);
  });
});
