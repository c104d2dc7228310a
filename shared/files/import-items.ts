/**
 * What every structured import (OPML, hierarchical CSV) shares: the item limit and the
 * title limit, counted so the notice says how many were kept and why, and board
 * columns read back as card moves. Pure: no DOM, no Node.
 */
import {
  DEFAULT_BOARD_SETTINGS,
  DEFAULT_COLUMNS,
  isCardKind,
  limitNotices,
  LIMITS,
  MAX_OUTLINE_ITEMS,
  newId,
  NODE_KINDS,
  plural,
  type CardMove,
  type NodeKind,
  type OutlineItem,
  type OutlineLimits,
} from '../model';
import type { TreeRecords } from '../model/snapshot';

/** Counts items and shortened titles as an import reads them. */
export class ItemBudget {
  readonly limits: OutlineLimits = { total: 0, kept: 0, shortened: 0 };

  /** A new item, or null past the item limit (still counted for the notice). */
  take(rawTitle: string): OutlineItem | null {
    if (++this.limits.total > MAX_OUTLINE_ITEMS) return null;
    this.limits.kept++;
    const title = rawTitle.replace(/\s+/g, ' ').trim();
    if (title.length > LIMITS.title) this.limits.shortened++;
    return { title: title.slice(0, LIMITS.title) };
  }

  notices(): string[] {
    return limitNotices(this.limits, 'file');
  }
}

/** A kind from a file's text: our names, any case; undefined for anything else. */
export function kindOf(text: string | undefined): NodeKind | undefined {
  const k = text?.trim().toLowerCase();
  return (NODE_KINDS as readonly string[]).includes(k ?? '') ? (k as NodeKind) : undefined;
}

/** Text cut to a field's limit. */
export const upTo = (text: string, max: number) => text.slice(0, max);

/** A card's column as a file names it, for placeCards. */
export interface Placement {
  item: OutlineItem;
  column: string;
}

/**
 * Cards back in the columns a file names (the board's default columns, by name or id,
 * any case): the items get ids and one move each, from the import. Items in the
 * first column need no move; a column the board does not have is reported.
 */
export function placeCards(
  placements: readonly Placement[],
  at: number,
): { records: TreeRecords | undefined; warnings: string[] } {
  const byName = new Map<string, string>();
  for (const c of DEFAULT_COLUMNS) {
    byName.set(c.name.toLowerCase(), c.id);
    byName.set(c.id, c.id);
  }
  const moves: CardMove[] = [];
  const unknown = new Set<string>();
  let notCards = 0;
  for (const { item, column } of placements) {
    const name = column.trim().toLowerCase();
    if (!name) continue;
    const to = byName.get(name);
    if (!to) {
      unknown.add(column.trim());
      continue;
    }
    if (item.kind && !isCardKind(item.kind)) {
      notCards++;
      continue;
    }
    if (to === DEFAULT_COLUMNS[0]!.id) continue;
    item.id ??= newId();
    moves.push({
      id: newId(),
      card: item.id,
      from: null,
      to,
      at,
      by: 'Import',
      seq: moves.length + 1,
      client: 0,
    });
  }
  const warnings: string[] = [];
  if (unknown.size > 0)
    warnings.push(
      `${plural(unknown.size, 'Column')} ${[...unknown]
        .slice(0, 5)
        .map((c) => `“${c.slice(0, 60)}”`)
        .join(
          ', ',
        )}${unknown.size > 5 ? ' and more' : ''} ${plural(unknown.size, 'is', 'are')} not on the board: ` +
        `${plural(unknown.size, 'its', 'their')} cards start in ${DEFAULT_COLUMNS[0]!.name}.`,
    );
  if (notCards > 0)
    warnings.push(
      `${notCards} ${plural(notCards, 'item')} with a column ${plural(notCards, 'is', 'are')} not a bet or an initiative, so not on the board: the column was left out.`,
    );
  if (moves.length === 0) return { records: undefined, warnings };
  return {
    records: {
      evidence: [],
      decisions: [],
      board: { columns: null, settings: { ...DEFAULT_BOARD_SETTINGS }, moves },
    },
    warnings,
  };
}
