/**
 * The tree as a hierarchical CSV, written and read with papaparse, UTF-8 with a
 * byte-order mark (Excel on Windows reads a CSV without one as the local code page and
 * garbles é, “ ” and emoji). Cells a spreadsheet would run as a formula get an
 * apostrophe first (board-csv.ts); reading takes it off again.
 *
 * Three shapes:
 *   - `canopy`: one row per item, ID and Parent ID, then Kind, Title, Description,
 *     Owner, Tags, Confidence, Column (a card's), Measures (one a line, field-text.ts),
 *     Hypothesis, Investment, Assumptions (one a line). Reads back as the same tree.
 *   - `jira`: Jira Cloud's CSV importer with parent links (Atlassian KB "CSV import
 *     Parent-child mapping": columns Issue Type, Issue ID, Summary, Parent, rows from
 *     the top of the hierarchy down). Goals are Epics, bets Stories, initiatives
 *     Sub-tasks of their bet (a deeper initiative joins its bet; one without a bet is a
 *     Story); the vision names the project, so it is not an issue.
 *   - `miro`: Miro's mind map from CSV (developers.miro.com, "Create mind map from
 *     CSV"): one column per level, each row the path from the vision to an item.
 *
 * Reading: tree-csv-import.ts.
 */
import Papa from 'papaparse';
import {
  columnNameOf,
  NODE_KIND_LABEL,
  type CanopyDoc,
  type NodeData,
  type NodeKind,
} from '../model';
import { guardFormula } from './board-csv';
import { assumptionsText, hypothesisText, measuresText, tagsText } from './field-text';
import { TreeImportError } from './import-errors';

export { importTreeCsv } from './tree-csv-import';

export type TreeCsvShape = 'canopy' | 'jira' | 'miro';

export const BOM = '\ufeff';

const toCsv = (rows: string[][]) =>
  `${BOM}${Papa.unparse(
    rows.map((r) => r.map(guardFormula)),
    { newline: '\r\n' },
  )}\r\n`;

/** The tree as rows of cells (also the spreadsheet's rows: tree-xlsx.ts). */
export function treeRows(model: CanopyDoc, shape: TreeCsvShape): string[][] {
  const tree = model.tree();
  if (!tree.rootId) throw new TreeImportError('This document has no tree to export.');
  const nodes = tree.order.map((id) => model.node(id)!);
  if (shape === 'jira') return jiraRows(nodes, tree.parentOf);
  if (shape === 'miro') return miroRows(nodes, tree.parentOf);
  const board = model.board();
  const rows = [
    [
      'ID',
      'Parent ID',
      'Kind',
      'Title',
      'Description',
      'Owner',
      'Tags',
      'Confidence',
      'Column',
      'Measures',
      'Hypothesis',
      'Investment',
      'Assumptions',
    ],
  ];
  for (const n of nodes)
    rows.push([
      n.id,
      tree.parentOf.get(n.id) ?? '',
      NODE_KIND_LABEL[n.kind],
      n.title,
      n.description,
      n.owner,
      tagsText(n.tags),
      n.confidence === null ? '' : String(n.confidence),
      columnNameOf(board, n) ?? '',
      measuresText(n.measures),
      hypothesisText(n.hypothesis),
      n.investment,
      assumptionsText(n.assumptions),
    ]);
  return rows;
}

export function exportTreeCsv(model: CanopyDoc, shape: TreeCsvShape = 'canopy'): string {
  return toCsv(treeRows(model, shape));
}

const JIRA_TYPE: Record<Exclude<NodeKind, 'vision'>, string> = {
  goal: 'Epic',
  bet: 'Story',
  initiative: 'Sub-task',
};

function jiraRows(nodes: NodeData[], parentOf: ReadonlyMap<string, string>): string[][] {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const number = new Map(nodes.map((n, i) => [n.id, String(i + 1)]));
  /** The nearest ancestor of one of `kinds`. */
  const above = (id: string, kinds: NodeKind[]) => {
    for (let p = parentOf.get(id); p; p = parentOf.get(p))
      if (kinds.includes(byId.get(p)!.kind)) return p;
    return null;
  };
  const rows = nodes
    .filter((n) => n.kind !== 'vision')
    .map((n) => {
      const bet = n.kind === 'initiative' ? above(n.id, ['bet']) : null;
      const type = n.kind === 'initiative' && !bet ? 'Story' : JIRA_TYPE[n.kind as 'goal'];
      const parent = n.kind === 'goal' ? null : (bet ?? above(n.id, ['goal']));
      return {
        level: type === 'Epic' ? 0 : type === 'Story' ? 1 : 2,
        cells: [
          type,
          number.get(n.id)!,
          n.title,
          parent ? number.get(parent)! : '',
          n.description,
          tagsText(n.tags.map((t) => t.replace(/\s+/g, '-'))).replace(/,/g, ''),
        ],
      };
    });
  // Jira links a child only to a parent it has already read: the hierarchy top down.
  rows.sort((a, b) => a.level - b.level);
  return [
    ['Issue Type', 'Issue ID', 'Summary', 'Parent', 'Description', 'Labels'],
    ...rows.map((r) => r.cells),
  ];
}

function miroRows(nodes: NodeData[], parentOf: ReadonlyMap<string, string>): string[][] {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const paths = nodes.map((n) => {
    const path: string[] = [];
    for (let id: string | undefined = n.id; id; id = parentOf.get(id))
      path.unshift(byId.get(id)!.title);
    return path;
  });
  const depth = Math.max(...paths.map((p) => p.length));
  const header = Array.from({ length: depth }, (_, i) =>
    i < 3 ? ['Vision', 'Goal', 'Bet'][i]! : `Initiative${i > 3 ? ` ${i - 2}` : ''}`,
  );
  // A row per leaf is enough: Miro makes each prefix once.
  const leaves = paths.filter((p, i) => i === paths.length - 1 || paths[i + 1]!.length <= p.length);
  return [header, ...leaves.map((p) => [...p, ...Array<string>(depth - p.length).fill('')])];
}
