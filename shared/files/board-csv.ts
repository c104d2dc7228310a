/**
 * The board as CSV, one row per card, for a spreadsheet after the workshop: where
 * each card is, since when, and its flow figures. RFC 4180 quoting; cells that a
 * spreadsheet would run as a formula are prefixed with an apostrophe (csvCell). UTF-8
 * with a byte-order mark: without one, Excel on Windows reads the file in the local
 * code page and garbles é, “ ” and emoji.
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

/**
 * A cell a spreadsheet could run as a formula (CSV injection): =, +, -, @ and their
 * full-width and small forms (Excel folds ＝ to =), | (DDE: `|cmd`), or a tab or CR,
 * after any leading white space, NBSP or zero-width character (spreadsheets trim
 * them before looking).
 */
const FORMULA =
  /^[\s\u00a0\u200b-\u200d\u2060\ufeff]*[=+\-@\uff1d\uff0b\uff0d\uff20\ufe66\ufe62\ufe63\ufe6b|\t\r]/;

/** A formula-like text gets an apostrophe first, so a spreadsheet shows it as text. */
export const guardFormula = (text: string) => (FORMULA.test(text) ? `'${text}` : text);

/** One CSV cell, guarded (guardFormula) and quoted. */
export function csvCell(value: string | number): string {
  const text = guardFormula(String(value));
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The board as rows of cells, header first (also the spreadsheet's: tree-xlsx.ts). */
export function boardRows(
  doc: { nodes: ReadonlyMap<string, NodeData>; order: readonly string[]; board: BoardState },
  now: number,
): string[][] {
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
  return rows;
}

export function boardCsv(
  doc: { nodes: ReadonlyMap<string, NodeData>; order: readonly string[]; board: BoardState },
  now: number,
): string {
  return `\ufeff${boardRows(doc, now)
    .map((r) => r.map(csvCell).join(','))
    .join('\r\n')}\r\n`;
}
