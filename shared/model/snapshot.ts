/**
 * Everything a tree holds besides its nodes, as plain records: evidence, decisions,
 * the board's columns (with WIP limits), its settings and every card's move history.
 * Read from a document for a lossless export, written into a new document on import,
 * with the same ids, so the copy is the same tree.
 */
import * as Y from 'yjs';
import {
  boardColumns,
  boardMoves,
  boardSettings,
  columnKey,
  DEFAULT_COLUMNS,
  type BoardColumn,
  type BoardSettings,
  type CardMove,
} from './board';
import type { CanopyDoc } from './document';
import { decisionsMap, evidenceMap, type Decision, type Evidence } from './learning';
import { TEMPLATE_ORIGIN } from './origins';

export interface TreeRecords {
  evidence: Evidence[];
  decisions: Decision[];
  board: {
    /** The columns in display order; null while the board still has its default columns. */
    columns: BoardColumn[] | null;
    settings: BoardSettings;
    /** Every card's moves, oldest first. */
    moves: CardMove[];
  };
}

/** The records of the nodes in `keep` (the live tree): a deleted item's stay behind. */
export function readRecords(model: CanopyDoc, keep: ReadonlySet<string>): TreeRecords {
  const learning = model.learning();
  const board = model.board();
  const ofLive = <T>(byNode: Map<string, T[]>) =>
    [...byNode].filter(([id]) => keep.has(id)).flatMap(([, list]) => list);
  return {
    evidence: ofLive(learning.evidenceByNode),
    decisions: ofLive(learning.decisionsByNode),
    board: {
      columns: board.defaults ? null : board.columns.map((c) => ({ ...c })),
      settings: { ...board.settings },
      moves: ofLive(board.movesByCard),
    },
  };
}

/**
 * Writes records into a document that has just been initialised, in one transaction.
 * The caller has validated them (tree-json.ts); the readers check again on every read.
 */
export function writeRecords(doc: Y.Doc, records: TreeRecords, origin: unknown = TEMPLATE_ORIGIN) {
  doc.transact(() => {
    const evidence = evidenceMap(doc);
    for (const { id, ...fields } of records.evidence)
      evidence.set(id, new Y.Map<unknown>(Object.entries(fields)));
    const decisions = decisionsMap(doc);
    for (const { id, evidence: rests, ...fields } of records.decisions)
      decisions.set(id, new Y.Map<unknown>(Object.entries({ ...fields, evidence: [...rests] })));

    const { columns, settings, moves } = records.board;
    if (columns) {
      const map = boardColumns(doc);
      for (const c of columns) {
        map.set(columnKey(c.id, 'name'), c.name);
        map.set(columnKey(c.id, 'order'), c.order);
        map.set(columnKey(c.id, 'stage'), c.stage);
        map.set(columnKey(c.id, 'wipLimit'), c.wipLimit);
        map.set(columnKey(c.id, 'awaitingDecision'), c.awaitingDecision);
      }
      // The default columns are implied unless removed: the ones the file left out were.
      const kept = new Set(columns.map((c) => c.id));
      for (const d of DEFAULT_COLUMNS)
        if (!kept.has(d.id)) map.set(columnKey(d.id, 'removed'), true);
    }
    const stored = boardSettings(doc);
    for (const [key, value] of Object.entries(settings)) stored.set(key, value);
    if (moves.length) boardMoves(doc).push(moves.map((m) => ({ ...m })));
  }, origin);
}
