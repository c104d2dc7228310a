/**
 * The tree and the board as a workbook, as plain data: sheets of typed cells that the
 * renderer hands to a spreadsheet writer (renderer/src/files/xlsx-export.ts, loaded
 * only when someone exports). Two sheets: "Tree", the hierarchical CSV's rows
 * (tree-csv.ts) with an outline column first (titles indented by depth), and "Board", one row per card
 * (board-csv.ts). Cells are typed: text stays text (a spreadsheet never runs a title
 * as a formula, so no apostrophe is added), figures are numbers. Pure: no DOM, no Node.
 */
import { boardRows } from './board-csv';
import { treeRows } from './tree-csv';
import type { CanopyDoc } from '../model';

/** A cell: text (indented by `indent` levels, for the outline) or a figure. */
export type SheetCell = { text: string; indent?: number } | { number: number } | null;

export interface SheetTable {
  /** At most 31 characters, none of : \ / ? * [ ] (Excel's rules). */
  name: string;
  header: string[];
  rows: SheetCell[][];
  /** Column widths in characters. */
  widths: number[];
}

/** Columns whose cells are figures, by header. */
const NUMERIC = new Set(['Confidence', 'Days in column', 'Moves']);

const cellOf = (header: string, value: string): SheetCell =>
  value === ''
    ? null
    : NUMERIC.has(header) && Number.isFinite(Number(value))
      ? { number: Number(value) }
      : { text: value };

const widthOf = (header: string, values: string[]) =>
  Math.min(
    60,
    Math.max(
      header.length + 2,
      ...values.map((v) => Math.max(...v.split('\n').map((l) => l.length)) + 1),
    ),
  );

function table(name: string, [header, ...rows]: string[][]): SheetTable {
  return {
    name,
    header: header!,
    rows: rows.map((r) => r.map((v, i) => cellOf(header![i]!, v))),
    widths: header!.map((h, i) =>
      widthOf(
        h,
        rows.map((r) => r[i] ?? ''),
      ),
    ),
  };
}

export function workbookOf(model: CanopyDoc, now: number): SheetTable[] {
  const tree = model.tree();
  const nodes = new Map(tree.order.map((id) => [id, model.node(id)!]));
  const [header, ...rows] = treeRows(model, 'canopy');
  // The outline at a glance: each title indented by its depth (a cell style, so the
  // text is the title itself).
  const treeTable = table('Tree', [['Outline', ...header!], ...rows.map((r) => [r[3]!, ...r])]);
  treeTable.rows.forEach((row, i) => {
    const cell = row[0];
    if (cell && 'text' in cell) cell.indent = tree.depthOf.get(tree.order[i]!) ?? 0;
  });
  const board = table('Board', boardRows({ nodes, order: tree.order, board: model.board() }, now));
  return [treeTable, board];
}
