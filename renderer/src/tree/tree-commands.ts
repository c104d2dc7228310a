/**
 * The tree's commands, shared by the outline and the canvas: arrows move the
 * selection, Tab adds a child, Enter a sibling, F2 (or typing) renames, Delete
 * removes, Alt+arrows reorder (up/down), outdent (left) and indent (right). The same
 * commands fill the context menu of a card or a row.
 */
import { isAncestorOrSelf } from '../../../shared/model';
import type { AppCommand, CommandContext, ItemTarget } from '../commands/context';
import { attempt } from '../document/attempt';
import type { EditSurface } from '../document/view-store';
import { addAndRename, deleteBranch } from './tree-keys';

/** The tree item a command is about, with its document; null off the tree. */
export function treeTarget(ctx: CommandContext) {
  const { doc, item } = ctx;
  if (!doc || !item || item.surface === 'board') return null;
  const d = doc.store.getState();
  if (!d.nodes.has(item.id)) return null;
  const surface: EditSurface = item.surface;
  const parent = d.parentOf.get(item.id);
  const siblings = parent ? (d.childrenOf.get(parent) ?? []) : [];
  return {
    ...doc,
    d,
    v: doc.view.getState(),
    item,
    surface,
    id: item.id,
    parent,
    siblings,
    at: siblings.indexOf(item.id),
    writable: !d.readOnly,
  };
}

const onTree = (ctx: CommandContext) => treeTarget(ctx) !== null;
const writable = (ctx: CommandContext) => treeTarget(ctx)?.writable === true;
const hasParent = (ctx: CommandContext) => {
  const t = treeTarget(ctx);
  return t !== null && t.writable && t.parent !== undefined;
};

/** Selects `id` (navigation never leaves the visible items). */
const selectShown = (_item: ItemTarget, ctx: CommandContext, id: string | undefined) => {
  if (id !== undefined) ctx.doc!.view.getState().select(id);
};

const navigation: AppCommand[] = [
  {
    id: 'tree.select-next',
    label: 'Select the next item',
    group: 'tree',
    keys: { all: ['ArrowDown'] },
    hideInPalette: true,
    when: onTree,
    run(ctx) {
      const { item } = ctx;
      const i = item!.visible.indexOf(item!.id);
      selectShown(item!, ctx, item!.visible[Math.min(i + 1, item!.visible.length - 1)]);
    },
  },
  {
    id: 'tree.select-previous',
    label: 'Select the previous item',
    group: 'tree',
    keys: { all: ['ArrowUp'] },
    hideInPalette: true,
    when: onTree,
    run(ctx) {
      const { item } = ctx;
      selectShown(item!, ctx, item!.visible[Math.max(item!.visible.indexOf(item!.id) - 1, 0)]);
    },
  },
  {
    id: 'tree.select-first',
    label: 'Select the first item',
    group: 'tree',
    keys: { all: ['Home'] },
    hideInPalette: true,
    when: onTree,
    run: (ctx) => selectShown(ctx.item!, ctx, ctx.item!.visible[0]),
  },
  {
    id: 'tree.select-last',
    label: 'Select the last item',
    group: 'tree',
    keys: { all: ['End'] },
    hideInPalette: true,
    when: onTree,
    run: (ctx) => selectShown(ctx.item!, ctx, ctx.item!.visible.at(-1)),
  },
  {
    id: 'tree.expand',
    label: 'Expand, or go to the first child',
    group: 'tree',
    keys: { all: ['ArrowRight'] },
    hideInPalette: true,
    when: onTree,
    run(ctx) {
      const t = treeTarget(ctx)!;
      const kids = t.d.childrenOf.get(t.id) ?? [];
      if (kids.length && t.v.collapsed.has(t.id)) t.v.setCollapsed(t.id, false);
      else if (kids.length) selectShown(t.item, ctx, kids[0]);
    },
  },
  {
    id: 'tree.collapse',
    label: 'Collapse, or go to the parent',
    group: 'tree',
    keys: { all: ['ArrowLeft'] },
    hideInPalette: true,
    when: onTree,
    run(ctx) {
      const t = treeTarget(ctx)!;
      const kids = t.d.childrenOf.get(t.id) ?? [];
      if (kids.length && !t.v.collapsed.has(t.id)) t.v.setCollapsed(t.id, true);
      else if (t.parent && t.item.visible.includes(t.parent)) selectShown(t.item, ctx, t.parent);
    },
  },
];

const editing: AppCommand[] = [
  {
    id: 'tree.add-child',
    label: 'Add a child',
    group: 'tree',
    keys: { all: ['Tab'] },
    itemMenu: true,
    when: writable,
    run(ctx) {
      const t = treeTarget(ctx)!;
      addAndRename(t.model, t.v, { parent: t.id }, t.surface);
    },
  },
  {
    id: 'tree.add-sibling',
    label: 'Add a sibling',
    group: 'tree',
    keys: { all: ['Enter'] },
    itemMenu: true,
    when: hasParent,
    run(ctx) {
      const t = treeTarget(ctx)!;
      addAndRename(t.model, t.v, { parent: t.parent!, index: t.at + 1 }, t.surface);
    },
  },
  {
    id: 'tree.rename-vision',
    label: 'Rename the vision',
    description: 'On the vision: rename it (a tree has one vision)',
    group: 'tree',
    keys: { all: ['Enter'] },
    hideInPalette: true,
    when: (ctx) => writable(ctx) && treeTarget(ctx)!.parent === undefined,
    run(ctx) {
      const t = treeTarget(ctx)!;
      t.v.edit(t.id, undefined, t.surface);
    },
  },
  {
    id: 'tree.rename',
    label: 'Rename',
    description: 'Rename the selected item',
    group: 'tree',
    keys: { all: ['F2'] },
    itemMenu: true,
    when: writable,
    run(ctx) {
      const t = treeTarget(ctx)!;
      t.v.select(t.id);
      t.v.edit(t.id, undefined, t.surface);
    },
  },
  {
    id: 'tree.type-to-rename',
    label: 'Rename by typing',
    description: 'Typing a character renames the selected item, replacing its title',
    group: 'tree',
    keysText: 'Start typing',
    anyCharacter: true,
    hideInPalette: true,
    when: writable,
    // The host hands the typed key over as the choice.
    run(ctx, typed) {
      const t = treeTarget(ctx)!;
      t.v.edit(t.id, typed, t.surface);
    },
  },
  {
    id: 'tree.delete',
    label: 'Delete',
    description: 'Delete the item and its subtree (Undo in the toast, or Ctrl+Z)',
    group: 'tree',
    keys: { all: ['Delete', 'Backspace'] },
    itemMenu: true,
    when: writable,
    run(ctx) {
      const t = treeTarget(ctx)!;
      const index = t.item.visible.indexOf(t.id);
      const after = t.item.visible.slice(index + 1).find((id) => !isAncestorOrSelf(t.d, t.id, id));
      const deletion = deleteBranch(t.model, t.v, t.id, after ?? t.parent ?? null);
      if (deletion) t.actions.offerUndo(deletion, () => t.item.focus(deletion.id));
    },
  },
];

const moving: AppCommand[] = [
  {
    id: 'tree.move-up',
    label: 'Move up among siblings',
    group: 'tree',
    keys: { all: ['Alt+ArrowUp'] },
    when: hasParent,
    run(ctx) {
      const t = treeTarget(ctx)!;
      if (t.at > 0) attempt(t.v, () => t.model.reorderNode(t.id, t.at - 1));
    },
  },
  {
    id: 'tree.move-down',
    label: 'Move down among siblings',
    group: 'tree',
    keys: { all: ['Alt+ArrowDown'] },
    when: hasParent,
    run(ctx) {
      const t = treeTarget(ctx)!;
      if (t.at < t.siblings.length - 1) attempt(t.v, () => t.model.reorderNode(t.id, t.at + 1));
    },
  },
  {
    id: 'tree.outdent',
    label: 'Outdent',
    description: 'Outdent: become the sibling right after the parent',
    group: 'tree',
    keys: { all: ['Alt+ArrowLeft'] },
    when: hasParent,
    run(ctx) {
      const t = treeTarget(ctx)!;
      const grand = t.d.parentOf.get(t.parent!);
      if (!grand) return;
      const parentAt = (t.d.childrenOf.get(grand) ?? []).indexOf(t.parent!);
      attempt(t.v, () => t.model.moveNode(t.id, grand, parentAt + 1));
    },
  },
  {
    id: 'tree.indent',
    label: 'Indent',
    description: 'Indent: become the last child of the previous sibling (re-parent)',
    group: 'tree',
    keys: { all: ['Alt+ArrowRight'] },
    when: hasParent,
    run(ctx) {
      const t = treeTarget(ctx)!;
      const prev = t.siblings[t.at - 1];
      if (!prev) return;
      attempt(t.v, () => t.model.moveNode(t.id, prev));
      t.v.setCollapsed(prev, false);
    },
  },
];

/** Keys handled where they happen (a rename field, a drag, a paste): listed for the sheet. */
const documented: AppCommand[] = [
  {
    id: 'tree.rename-keys',
    label:
      'While renaming: keep the title, or leave it as it was (a new item left untitled is removed)',
    group: 'tree',
    keys: { all: ['Enter', 'Escape'] },
  },
  {
    id: 'tree.rename-tab',
    label: 'While renaming: keep the title and add a child',
    group: 'tree',
    keys: { all: ['Tab'] },
  },
  {
    id: 'tree.drag',
    label: 'Re-parent an item',
    group: 'tree',
    keysText: 'Drag a card onto another',
  },
  {
    id: 'tree.paste',
    label: 'Paste an indented outline under the selection',
    group: 'tree',
    keys: { all: ['Mod+V'] },
  },
];

export const treeCommands: AppCommand[] = [...navigation, ...editing, ...moving, ...documented];
