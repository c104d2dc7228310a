/**
 * Commands on a board card: Shift+← / Shift+→ move the focused card to the previous
 * or next column, Enter or Space selects it (its details open), and its context menu
 * moves it to any column. "Move the top of a vote…" (palette, the board's toolbar)
 * moves the best of a revealed round to Ready in one action.
 */
import { cardColumn } from '../../../shared/model';
import type { AppCommand, CommandContext } from '../commands/context';
import { useApp } from '../app/app-store';
import { attempt } from '../document/attempt';
import { useMoveTopDialog } from './move-top';

/** The card a command is about, with the board; null off the board. */
function cardTarget(ctx: CommandContext) {
  const { doc, item } = ctx;
  if (!doc || !item || item.surface !== 'board') return null;
  const d = doc.store.getState();
  if (!d.nodes.has(item.id)) return null;
  const columns = d.board.columns;
  const at = columns.findIndex((c) => c.id === cardColumn(d.board, item.id).id);
  return { doc, item, columns, at, writable: !d.readOnly };
}

const onCard = (ctx: CommandContext) => cardTarget(ctx) !== null;
const movable = (ctx: CommandContext) => cardTarget(ctx)?.writable === true;

/** Moves the card and keeps the keyboard on it in its new column. */
function moveTo(ctx: CommandContext, columnId: string | undefined): void {
  const t = cardTarget(ctx)!;
  if (columnId) attempt(t.doc.view.getState(), () => t.doc.model.moveCard(t.item.id, columnId));
  requestAnimationFrame(() => t.item.focus(t.item.id));
}

/** A writable document with a revealed vote, budget or scoring round. */
const hasRankedRound = (ctx: CommandContext) => {
  const d = ctx.doc?.store.getState();
  return !!d && !d.readOnly && d.rounds.rounds.some((r) => r.kind !== 'prompt');
};

export const boardCommands: AppCommand[] = [
  {
    id: 'board.move-top',
    label: 'Move the top of a vote to Ready…',
    description: 'Board: move the best items of a revealed vote, budget or scoring to a column',
    group: 'board',
    when: hasRankedRound,
    run(ctx) {
      const id = ctx.doc!.id;
      if (ctx.doc!.tab !== 'board') useApp.getState().navigate({ screen: 'doc', id, tab: 'board' });
      useMoveTopDialog.getState().open(id);
    },
  },
  {
    id: 'board.select',
    label: 'Select the card',
    description: 'Board: select the focused card and show its details',
    group: 'board',
    keys: { all: ['Enter', 'Space'] },
    hideInPalette: true,
    when: onCard,
    run: (ctx) => ctx.doc!.view.getState().select(ctx.item!.id),
  },
  {
    id: 'board.move-left',
    label: 'Move to the previous column',
    description: 'Board: move the focused card to the previous column',
    group: 'board',
    keys: { all: ['Shift+ArrowLeft'] },
    when: movable,
    run: (ctx) => moveTo(ctx, cardTarget(ctx)!.columns[cardTarget(ctx)!.at - 1]?.id),
  },
  {
    id: 'board.move-right',
    label: 'Move to the next column',
    description: 'Board: move the focused card to the next column',
    group: 'board',
    keys: { all: ['Shift+ArrowRight'] },
    when: movable,
    run: (ctx) => moveTo(ctx, cardTarget(ctx)!.columns[cardTarget(ctx)!.at + 1]?.id),
  },
  {
    id: 'board.move-to',
    label: 'Move to',
    description: 'Move the card to another column',
    group: 'board',
    itemMenu: true,
    when: movable,
    choices(ctx) {
      const t = cardTarget(ctx);
      return t
        ? t.columns.filter((_, i) => i !== t.at).map((c) => ({ id: c.id, label: c.name }))
        : [];
    },
    run(ctx, columnId) {
      const t = cardTarget(ctx)!;
      if (!columnId || !t.columns.some((c) => c.id === columnId)) return false;
      moveTo(ctx, columnId);
    },
  },
];
