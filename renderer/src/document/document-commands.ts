/**
 * The open document's commands: Alt+1 … Alt+5 switch views, Ctrl+Z / Ctrl+Y undo and
 * redo this user's edits (text fields keep their own undo), Alt+E adds evidence, Alt+P
 * proposes a draft's item, and an item's details open from its context menu.
 */
import { DOC_TABS, useApp, type DocTab } from '../app/app-store';
import type { AppCommand, CommandContext } from '../commands/context';
import { isEditable } from '../widgets/editable';
import { TAB_LABEL } from './ViewTabs';

const VIEW_HELP: Record<DocTab, string> = {
  tree: 'the outline and the canvas',
  board: 'the Portfolio Kanban',
  signals: 'what needs attention',
  flow: 'flow charts of the board',
  learning: 'evidence and decisions over time',
};

const views: AppCommand[] = DOC_TABS.map((tab, i) => ({
  id: `view.${tab}`,
  label: `Go to ${TAB_LABEL[tab]}`,
  description: `${TAB_LABEL[tab]}: ${VIEW_HELP[tab]}`,
  group: 'view',
  keys: { all: [`Alt+${i + 1}`] },
  menu: true,
  when: (ctx) => ctx.doc !== null,
  run(ctx) {
    useApp.getState().navigate({ screen: 'doc', id: ctx.doc!.id, tab });
  },
}));

const writableDoc = (ctx: CommandContext) => ctx.doc !== null && !ctx.doc.store.getState().readOnly;

/** The item a command is about: the one a menu was opened on, else the selection. */
const itemOf = (ctx: CommandContext): string | null => {
  const id = ctx.item?.id ?? ctx.doc?.view.getState().selected ?? null;
  return id !== null && ctx.doc?.store.getState().nodes.has(id) ? id : null;
};

/** Undo and redo: a text field's own when it has the keyboard (the desktop menu). */
function undoOrRedo(ctx: CommandContext, command: 'undo' | 'redo'): void {
  if (isEditable(document.activeElement)) {
    document.execCommand(command);
    return;
  }
  if (!writableDoc(ctx)) return;
  const undo = ctx.doc!.model.undoManager;
  if (command === 'undo') undo.undo();
  else undo.redo();
}

const editing: AppCommand[] = [
  {
    id: 'edit.undo',
    label: 'Undo',
    description: 'Undo your last change (only yours)',
    group: 'edit',
    keys: { all: ['Mod+Z'] },
    menu: true,
    run: (ctx) => undoOrRedo(ctx, 'undo'),
  },
  {
    id: 'edit.redo',
    label: 'Redo',
    group: 'edit',
    // Windows and Linux users expect Ctrl+Y too.
    keys: { all: ['Mod+Shift+Z', 'Mod+Y'], mac: ['Mod+Shift+Z'] },
    menu: true,
    run: (ctx) => undoOrRedo(ctx, 'redo'),
  },
];

const items: AppCommand[] = [
  {
    id: 'item.open-details',
    label: 'Open details',
    description: 'Select the item and show its details',
    group: 'tree',
    itemMenu: true,
    when: (ctx) => ctx.item !== null && itemOf(ctx) !== null,
    run(ctx) {
      ctx.doc!.view.getState().select(itemOf(ctx));
      // The panel mounts with the selection: give it the keyboard once it is there.
      requestAnimationFrame(() =>
        document.querySelector<HTMLElement>('[data-pane="details"] .details-close')?.focus(),
      );
    },
  },
  {
    id: 'evidence.add',
    label: 'Add evidence',
    description: 'Add evidence to the selected item',
    group: 'evidence',
    keys: { all: ['Alt+E'] },
    itemMenu: true,
    when: (ctx) => writableDoc(ctx) && itemOf(ctx) !== null,
    run(ctx) {
      ctx.doc!.view.getState().select(itemOf(ctx));
      ctx.doc!.actions.quickEvidence();
    },
  },
  {
    id: 'draft.propose',
    label: 'Propose to a tree…',
    description: 'In a private draft: propose the selected item (or the whole draft) to a tree',
    group: 'evidence',
    keys: { all: ['Alt+P'] },
    itemMenu: true,
    when: (ctx) => ctx.doc !== null && ctx.doc.model.isPrivate,
    run: (ctx) => ctx.doc!.actions.propose(itemOf(ctx)),
  },
];

export const documentCommands: AppCommand[] = [...views, ...editing, ...items];
