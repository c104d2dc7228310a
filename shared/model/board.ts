/**
 * The Portfolio Kanban inside the shared document: its columns, and the history of
 * every card's column changes. Cards are the tree's bets and initiatives; a card's
 * column is not stored anywhere but derived from its history, so the board, the
 * tree and every metric read one source of truth.
 *
 *   boardColumns  Y.Map    "columnId.field" → value (name, nameBy, order, stage,
 *                          wipLimit, awaitingDecision, removed)
 *   boardMoves    Y.Array  plain, immutable move records (append-only)
 *   boardSettings Y.Map    the team's thresholds: stalledDays, decisionDays
 *
 * Column fields are flat keys, not a Y.Map per column: two peers that each create a
 * nested map under one key concurrently keep only one of them, so one side's edit
 * would vanish. Flat keys merge field by field. The default columns are implied:
 * stored fields override them, so nothing has to be written before the first edit.
 *
 * Concurrent moves of one card: both records stay in the history; the card's column
 * is the `to` of its latest move by (seq, client, id), a Lamport order that every
 * replica computes the same way, whatever order the updates arrived in. Wall-clock
 * `at` is only used to measure durations (see shared/flow/metrics.ts).
 */
import * as v from 'valibot';
import type * as Y from 'yjs';
import type { ReadIssue } from './read';
import { ROOT_KEYS, type NodeKind } from './schema';

/**
 * What a column means for flow: `backlog` is not started (no WIP), `active` is work
 * in progress, `done` is delivered, `stopped` is ended on purpose (what was learned
 * stays with the item).
 */
export const COLUMN_STAGES = ['backlog', 'active', 'done', 'stopped'] as const;
export type ColumnStage = (typeof COLUMN_STAGES)[number];

export interface BoardColumn {
  id: string;
  name: string;
  /** Fractional index: columns are ordered by (order, id). */
  order: string;
  stage: ColumnStage;
  /** Soft limit: the column shows it is over, nothing is blocked. */
  wipLimit: number | null;
  /** Items here wait for a decision: time spent counts as decision latency. */
  awaitingDecision: boolean;
}

export interface CardMove {
  id: string;
  card: string;
  /** The column the mover saw the card in (null: never placed, the first column). */
  from: string | null;
  to: string;
  /** Wall-clock ms on the mover's machine: for durations only, never for ordering. */
  at: number;
  /** Who moved it (the actor's display name). */
  by: string;
  seq: number;
  client: number;
}

export const DEFAULT_COLUMNS: readonly BoardColumn[] = (
  [
    { id: 'funnel', name: 'Funnel', stage: 'backlog', wipLimit: null, awaitingDecision: false },
    { id: 'reviewing', name: 'Reviewing', stage: 'active', wipLimit: 5, awaitingDecision: false },
    { id: 'analyzing', name: 'Analyzing', stage: 'active', wipLimit: 4, awaitingDecision: true },
    { id: 'ready', name: 'Ready', stage: 'active', wipLimit: null, awaitingDecision: false },
    {
      id: 'implementing',
      name: 'Implementing',
      stage: 'active',
      wipLimit: 3,
      awaitingDecision: false,
    },
    { id: 'learning', name: 'Learning', stage: 'active', wipLimit: 3, awaitingDecision: false },
    { id: 'done', name: 'Done', stage: 'done', wipLimit: null, awaitingDecision: false },
    { id: 'stopped', name: 'Stopped', stage: 'stopped', wipLimit: null, awaitingDecision: false },
  ] satisfies Array<Omit<BoardColumn, 'order'>>
).map((c, i) => ({ ...c, order: `a${i}` }));

export const BOARD_LIMITS = { columnName: 60, columns: 40, wipLimit: 999 } as const;

/** Thresholds the team sets for its signals (shared: everyone sees the same ones). */
export interface BoardSettings {
  /** An active item with no change for longer than this is stalled. */
  stalledDays: number;
  /** A decision waiting longer than this is signalled. */
  decisionDays: number;
}

export const DEFAULT_BOARD_SETTINGS: BoardSettings = { stalledDays: 14, decisionDays: 7 };
export const SETTING_DAYS = { min: 1, max: 365 } as const;

/** The board as every view reads it. */
export interface BoardState {
  /** Columns in display order (removed ones left out). */
  columns: BoardColumn[];
  /** Each card's moves, oldest first in Lamport order. */
  movesByCard: Map<string, CardMove[]>;
  /** The highest seq in the history (for the next move's Lamport clock). */
  maxSeq: number;
  /** True while nobody has edited the columns: the defaults are shown. */
  defaults: boolean;
  settings: BoardSettings;
  /** Unreadable board entries written by peers (skipped). */
  issues: ReadIssue[];
}

const finite = v.pipe(v.number(), v.finite());
const id64 = v.pipe(v.string(), v.minLength(1), v.maxLength(64));

export const COLUMN_FIELDS = {
  name: v.pipe(v.string(), v.maxLength(BOARD_LIMITS.columnName)),
  order: v.pipe(v.string(), v.minLength(1), v.maxLength(200)),
  stage: v.picklist(COLUMN_STAGES),
  wipLimit: v.nullable(
    v.pipe(finite, v.integer(), v.minValue(1), v.maxValue(BOARD_LIMITS.wipLimit)),
  ),
  awaitingDecision: v.boolean(),
  removed: v.boolean(),
  /** Who last renamed the column (see renames.ts). */
  nameBy: v.pipe(v.string(), v.maxLength(200)),
} as const;
export type ColumnField = keyof typeof COLUMN_FIELDS;

/** The key of one field of one column in the boardColumns map. */
export const columnKey = (id: string, field: ColumnField) => `${id}.${field}`;

export const MoveSchema = v.object({
  id: id64,
  card: id64,
  from: v.nullable(id64),
  to: id64,
  at: finite,
  by: v.pipe(v.string(), v.maxLength(200)),
  seq: v.pipe(finite, v.integer(), v.minValue(0)),
  client: v.pipe(finite, v.integer(), v.minValue(0)),
});

/** Bets and initiatives are the board's cards; the vision and goals are not. */
export const isCardKind = (kind: NodeKind): boolean => kind === 'bet' || kind === 'initiative';

/** Lamport order of moves: later means it wins the card's column. */
export function compareMoves(a: CardMove, b: CardMove): number {
  if (a.seq !== b.seq) return a.seq - b.seq;
  if (a.client !== b.client) return a.client - b.client;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export const boardColumns = (doc: Y.Doc) => doc.getMap<unknown>(ROOT_KEYS.boardColumns);
export const boardMoves = (doc: Y.Doc) => doc.getArray<unknown>(ROOT_KEYS.boardMoves);
export const boardSettings = (doc: Y.Doc) => doc.getMap<unknown>(ROOT_KEYS.boardSettings);

export const SettingDays = v.pipe(
  finite,
  v.integer(),
  v.minValue(SETTING_DAYS.min),
  v.maxValue(SETTING_DAYS.max),
);

/** Reads the board; never throws on peer-written content (bad entries are reported and skipped). */
export function readBoard(doc: Y.Doc): BoardState {
  const issues: ReadIssue[] = [];
  const report = (field: string, problem: string) =>
    issues.push({ nodeId: '', field: `board.${field}`, problem });

  const rawColumns = boardColumns(doc);
  const defaults = rawColumns.size === 0;
  const fields = new Map<string, Partial<Record<ColumnField, unknown>>>(
    DEFAULT_COLUMNS.map(({ id, ...rest }) => [id, { ...rest, removed: false }]),
  );
  for (const [key, value] of rawColumns.entries()) {
    const dot = key.lastIndexOf('.');
    const id = key.slice(0, dot);
    const field = key.slice(dot + 1) as ColumnField;
    if (dot < 1 || !v.is(id64, id) || !Object.hasOwn(COLUMN_FIELDS, field)) {
      report(`columns.${key.slice(0, 80)}`, 'unknown column field; skipped');
      continue;
    }
    if (!v.is(COLUMN_FIELDS[field], value)) {
      report(`columns.${key}`, 'invalid value; skipped');
      continue;
    }
    let entry = fields.get(id);
    if (!entry) fields.set(id, (entry = {}));
    entry[field] = value;
  }
  let columns: BoardColumn[] = [];
  for (const [id, f] of fields) {
    if (f.removed === true) continue;
    if (f.name === undefined || f.order === undefined || f.stage === undefined) {
      report(`columns.${id}`, 'column without a name, order or stage; skipped');
      continue;
    }
    columns.push({
      id,
      name: f.name as string,
      order: f.order as string,
      stage: f.stage as ColumnStage,
      wipLimit: (f.wipLimit as number | null | undefined) ?? null,
      awaitingDecision: (f.awaitingDecision as boolean | undefined) ?? false,
    });
  }
  columns.sort((a, b) =>
    a.order !== b.order ? (a.order < b.order ? -1 : 1) : a.id < b.id ? -1 : 1,
  );
  columns = columns.slice(0, BOARD_LIMITS.columns);
  // Nothing useful can be shown without a column to land in.
  if (columns.length === 0) columns = DEFAULT_COLUMNS.slice(0, 1).map((c) => ({ ...c }));

  const movesByCard = new Map<string, CardMove[]>();
  let maxSeq = 0;
  let bad = 0;
  for (const raw of boardMoves(doc)) {
    const parsed = v.safeParse(MoveSchema, raw);
    if (!parsed.success) {
      bad++;
      continue;
    }
    const move = parsed.output;
    let list = movesByCard.get(move.card);
    if (!list) movesByCard.set(move.card, (list = []));
    list.push(move);
    if (move.seq > maxSeq) maxSeq = move.seq;
  }
  if (bad) report('moves', `${bad} unreadable move records skipped`);
  for (const list of movesByCard.values()) list.sort(compareMoves);
  const settings = { ...DEFAULT_BOARD_SETTINGS };
  const rawSettings = boardSettings(doc);
  for (const key of Object.keys(settings) as Array<keyof BoardSettings>) {
    const value = rawSettings.get(key);
    if (value === undefined) continue;
    if (v.is(SettingDays, value)) settings[key] = value;
    else report(`settings.${key}`, 'not a whole number of days from 1 to 365; default used');
  }
  return { columns, movesByCard, maxSeq, defaults, settings, issues };
}

/**
 * The column a card is in: its latest move's target, or the first column when it was
 * never moved or its column has since been removed.
 */
export function cardColumn(board: BoardState, cardId: string): BoardColumn {
  const moves = board.movesByCard.get(cardId);
  const last = moves?.[moves.length - 1];
  if (last) {
    const column = board.columns.find((c) => c.id === last.to);
    if (column) return column;
  }
  return board.columns[0]!;
}

/** The column an item shows on its card: a card's column, or null for goals and the vision. */
export function columnNameOf(
  board: BoardState,
  node: { id: string; kind: NodeKind },
): string | null {
  return isCardKind(node.kind) ? cardColumn(board, node.id).name : null;
}
