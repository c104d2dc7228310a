/**
 * The shape of a Canopy document inside Yjs. One Y.Doc holds one Lean Value Tree.
 *
 *   meta   Y.Map   schemaVersion, id, title, titleBy, rootId, createdAt
 *   nodes  Y.Map   nodeId → Y.Map (fields below)
 *
 * Titles and names are plain strings, one value each (schema 2; schema 1 kept node
 * titles as Y.Text, whose concurrent renames merged into both names glued together):
 * two renames at once end with one of them on every replica (see renames.ts).
 *
 * A node's place in the tree is ONE immutable value under the key `pos`
 * ({ parent, order, seq, client, prev }), so a concurrent move never mixes the
 * parent of one write with the order of another. `seq` is a Lamport clock over the
 * document; the tree is resolved from these values by a deterministic rule
 * (see tree.ts), so every replica shows the same valid tree.
 *
 * Deletion is a tombstone (`deleted`), so undo restores a subtree with its data and a
 * child that a peer added concurrently under a deleted node is rescued, not lost.
 *
 * The Portfolio Kanban lives in two top-level types (board.ts): a card's column
 * is derived from its append-only move history there, never stored on the node.
 * Room left for later work: top-level maps for evidence and decisions that reference
 * nodes by id.
 */
export const SCHEMA_VERSION = 2;

export const NODE_KINDS = ['vision', 'goal', 'bet', 'initiative'] as const;
export type NodeKind = (typeof NODE_KINDS)[number];

/** How a kind is named to people: cards, outlines, exports. */
export const NODE_KIND_LABEL: Record<NodeKind, string> = {
  vision: 'Vision',
  goal: 'Goal',
  bet: 'Bet',
  initiative: 'Initiative',
};

/** The kind a new child gets by default: the LVT ladder, initiatives nest freely. */
export const CHILD_KIND: Record<NodeKind, NodeKind> = {
  vision: 'goal',
  goal: 'bet',
  bet: 'initiative',
  initiative: 'initiative',
};

export const MEASURE_DIRECTIONS = ['increase', 'decrease', 'maintain'] as const;
export type MeasureDirection = (typeof MEASURE_DIRECTIONS)[number];

export const RISK_LEVELS = ['low', 'medium', 'high'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

export const ASSUMPTION_STATES = ['open', 'validated', 'invalidated'] as const;
export type AssumptionState = (typeof ASSUMPTION_STATES)[number];

/** Keys of the top-level shared types. */
export const ROOT_KEYS = {
  meta: 'meta',
  nodes: 'nodes',
  // Top-level types, not entries of one map: two peers creating a nested map or array
  // under the same key concurrently would lose one side's content entirely.
  boardColumns: 'boardColumns',
  boardMoves: 'boardMoves',
  boardSettings: 'boardSettings',
  evidence: 'evidence',
  decisions: 'decisions',
  /** A facilitated workshop: agenda, lock, reflections (workshop.ts). */
  workshop: 'workshop',
  agendaLog: 'agendaLog',
  reflections: 'reflections',
  /** Revealed votes, budgets, scores and prompts, and the answers' cards (rounds.ts). */
  rounds: 'rounds',
  answerCards: 'answerCards',
} as const;

/** Keys inside a node's Y.Map. */
export const NODE_KEYS = {
  kind: 'kind',
  /** A plain string (schema 2): one value, last writer wins. */
  title: 'title',
  /** Who last renamed it (see renames.ts). */
  titleBy: 'titleBy',
  description: 'description',
  owner: 'owner',
  tags: 'tags',
  confidence: 'confidence',
  investment: 'investment',
  hypothesis: 'hypothesis',
  measures: 'measures',
  assumptions: 'assumptions',
  pos: 'pos',
  deleted: 'deleted',
  createdAt: 'createdAt',
  createdBy: 'createdBy',
  /** When a command last changed the node (ms): the stalled signal's "last edit". */
  editedAt: 'editedAt',
} as const;

/** Where a node sits: written as one value so its parts never come from different writers. */
export interface NodePosition {
  parent: string | null;
  /** Fractional index among siblings (fractional-indexing keys). */
  order: string;
  /** Lamport clock of the write: higher means later in the document's causal history. */
  seq: number;
  /** Yjs clientID of the writer, to break ties between concurrent writes. */
  client: number;
  /** The parent before this move: where the node goes back if this move closed a cycle. */
  prev: string | null;
}

export interface DeletionMark {
  seq: number;
  at: number;
  /** Nodes deleted by one command share a batch id. */
  batch: string;
}

export interface Hypothesis {
  believe: string;
  result: string;
  signal: string;
}

export interface Measure {
  id: string;
  name: string;
  baseline: number | null;
  target: number | null;
  current: number | null;
  unit: string;
  direction: MeasureDirection;
  /** ISO date (YYYY-MM-DD). */
  due: string | null;
  /** When `current` was last changed (ms since epoch), for the "never updated" signal. */
  updatedAt: number | null;
}

export interface Assumption {
  id: string;
  text: string;
  risk: RiskLevel;
  state: AssumptionState;
}

/** A node as every view reads it: validated plain data. */
export interface NodeData {
  id: string;
  kind: NodeKind;
  title: string;
  description: string;
  owner: string;
  tags: string[];
  /** 0–100, or null when nobody has said. */
  confidence: number | null;
  investment: string;
  hypothesis: Hypothesis;
  measures: Measure[];
  assumptions: Assumption[];
  pos: NodePosition;
  deleted: DeletionMark | null;
  createdAt: number;
  createdBy: string;
  /** Last edit by a command (ms since epoch); 0 when never edited since it was made. */
  editedAt: number;
}

export const EMPTY_HYPOTHESIS: Hypothesis = { believe: '', result: '', signal: '' };

export const LIMITS = {
  title: 500,
  description: 20_000,
  owner: 200,
  tag: 60,
  tags: 50,
  text: 2_000,
  measures: 50,
  assumptions: 100,
  docTitle: 200,
} as const;
