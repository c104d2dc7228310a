/**
 * The board as CSV, one row per card, for a spreadsheet after the workshop: where
 * each card is, since when, and its flow figures. RFC 4180 quoting; cells that a
 * spreadsheet would run as a formula are prefixed with an apostrophe.
 */
import { boardCards } from '../flow/cards';
import { ageInColumn, currentStay, DAY_MS } from '../flow/metrics';
import { isoDay, type BoardState, type NodeData } from '../model';

const HEADER = [
  'Kind',
  'Title',
  'Owner',
  'Tags',
  'Column',
  'In column since',
  'Days in column',
  'Moves',
];

function cell(value: string | number): string {
  let text = String(value);
  // =, +, - and @ start formulas in spreadsheets (CSV injection).
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function boardCsv(
  doc: { nodes: ReadonlyMap<string, NodeData>; order: readonly string[]; board: BoardState },
  now: number,
): string {
  const rows = [HEADER];
  for (const card of boardCards(doc.nodes, doc.order, doc.board)) {
    const node = doc.nodes.get(card.id)!;
    const stay = currentStay(card, doc.board.columns, now);
    rows.push([
      node.kind,
      node.title,
      node.owner,
      node.tags.join(' '),
      stay.column.name,
      isoDay(stay.from),
      String(Math.floor(ageInColumn(card, doc.board.columns, now) / DAY_MS)),
      String(card.moves.length),
    ]);
  }
  return `${rows.map((r) => r.map(cell).join(',')).join('\r\n')}\r\n`;
}
