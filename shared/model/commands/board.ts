/**
 * Board commands: moving cards between columns, and the columns themselves. Written
 * with writeBoard: not undone with the tree (the moves are an append-only history).
 */
import type { DocCore } from '../core';
import {
  BOARD_LIMITS,
  cardColumn,
  columnKey,
  isCardKind,
  SETTING_DAYS,
  type BoardColumn,
  type BoardSettings,
  type ColumnField,
  type ColumnStage,
} from '../board';
import { CanopyError } from '../errors';
import { columnName } from '../fields';
import { newId } from '../ids';
import { orderKeyAt } from '../ordering';

export type ColumnPatch = Partial<
  Pick<BoardColumn, 'name' | 'stage' | 'wipLimit' | 'awaitingDecision'>
>;

/** Records a card's move in the history; call inside a transaction. */
export function appendMove(core: DocCore, card: string, from: string, to: string): void {
  const seq = Math.max(core.maxSeq, core.board().maxSeq) + 1;
  core.movesRoot.push([
    {
      id: newId(),
      card,
      from,
      to,
      at: core.now(),
      by: core.actor,
      seq,
      client: core.ydoc.clientID,
    },
  ]);
}

/** Writes the given fields of a column (undefined ones are left alone). */
function setColumnFields(
  core: DocCore,
  id: string,
  fields: Partial<Record<ColumnField, unknown>>,
): void {
  for (const [field, value] of Object.entries(fields))
    if (value !== undefined) core.columnsRoot.set(columnKey(id, field as ColumnField), value);
}

function requireColumn(core: DocCore, id: string): BoardColumn {
  const column = core.board().columns.find((c) => c.id === id);
  if (!column) throw new CanopyError('unknownColumn', id);
  return column;
}

export function moveCard(core: DocCore, cardId: string, columnId: string): boolean {
  return moveCards(core, [{ cardId, columnId }]).length === 1;
}

/**
 * Moves several cards at once (Move back after "Move the top N"): every move is
 * checked before any is made, then all are recorded in one transaction, so peers see
 * them together. A card already in its column is left out. Returns the ids moved.
 */
export function moveCards(
  core: DocCore,
  moves: readonly { cardId: string; columnId: string }[],
): string[] {
  core.assertWritable();
  const board = core.board();
  const planned: { cardId: string; from: string; to: string }[] = [];
  for (const { cardId, columnId } of moves) {
    const node = core.requireLive(cardId);
    if (!isCardKind(node.kind)) throw new CanopyError('notACard', cardId);
    if (!board.columns.some((c) => c.id === columnId))
      throw new CanopyError('unknownColumn', columnId);
    const from = cardColumn(board, cardId).id;
    if (from !== columnId) planned.push({ cardId, from, to: columnId });
  }
  if (planned.length)
    core.writeBoard(() => {
      for (const m of planned) appendMove(core, m.cardId, m.from, m.to);
    });
  return planned.map((m) => m.cardId);
}

export function addColumn(
  core: DocCore,
  name: string,
  options: { index?: number; stage?: ColumnStage } = {},
): string {
  const columns = core.board().columns;
  if (columns.length >= BOARD_LIMITS.columns) throw new CanopyError('tooManyColumns');
  const id = newId();
  const order = orderKeyAt(
    columns.map((c) => c.order),
    options.index ?? columns.length,
  );
  core.writeBoard(() =>
    setColumnFields(core, id, {
      name: columnName(name),
      order,
      stage: options.stage ?? 'active',
      wipLimit: null,
      awaitingDecision: false,
    }),
  );
  return id;
}

export function updateColumn(core: DocCore, id: string, patch: ColumnPatch): void {
  requireColumn(core, id);
  const limit = patch.wipLimit;
  if (
    limit !== undefined &&
    limit !== null &&
    !(Number.isInteger(limit) && limit >= 1 && limit <= BOARD_LIMITS.wipLimit)
  )
    throw new CanopyError('invalidValue', `a WIP limit is 1–${BOARD_LIMITS.wipLimit}`);
  core.writeBoard(() => {
    if (patch.name !== undefined)
      core.renames.write({ kind: 'column', id }, columnName(patch.name), core.actor);
    setColumnFields(core, id, {
      stage: patch.stage,
      wipLimit: limit,
      awaitingDecision: patch.awaitingDecision,
    });
  });
}

export function moveColumn(core: DocCore, id: string, index: number): void {
  requireColumn(core, id);
  const others = core.board().columns.filter((c) => c.id !== id);
  const order = orderKeyAt(
    others.map((c) => c.order),
    index,
  );
  core.writeBoard(() => setColumnFields(core, id, { order }));
}

export function removeColumn(core: DocCore, id: string, moveCardsTo?: string): void {
  requireColumn(core, id);
  const board = core.board();
  const rest = board.columns.filter((c) => c.id !== id);
  if (rest.length === 0) throw new CanopyError('lastColumn');
  const target = moveCardsTo ?? rest[0]!.id;
  if (!rest.some((c) => c.id === target)) throw new CanopyError('unknownColumn', target);
  const cards = core
    .tree()
    .order.filter((n) => isCardKind(core.cache.get(n)!.kind) && cardColumn(board, n).id === id);
  core.writeBoard(() => {
    for (const card of cards) appendMove(core, card, id, target);
    setColumnFields(core, id, { removed: true });
  });
}

export function updateBoardSettings(core: DocCore, patch: Partial<BoardSettings>): void {
  for (const value of Object.values(patch))
    if (
      value !== undefined &&
      !(Number.isInteger(value) && value >= SETTING_DAYS.min && value <= SETTING_DAYS.max)
    )
      throw new CanopyError('invalidValue', 'a threshold is 1–365 days');
  core.writeBoard(() => {
    for (const [key, value] of Object.entries(patch))
      if (value !== undefined) core.settingsRoot.set(key, value);
  });
}
