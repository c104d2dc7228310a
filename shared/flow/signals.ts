/**
 * Signals: where reality and the plan disagree, listed without prescribing what to
 * do ("the system itself becomes the conversation"). Pure, over the document's data
 * and a clock. Evidence-based signals (hypotheses contradicted while work goes on)
 * join when evidence is recorded.
 */
import {
  cardColumn,
  isCardKind,
  isoDay,
  liveUnderStopped,
  openDecision,
  stoppedSet,
  type BoardState,
  type LearningState,
  type NodeData,
} from '../model';
import { decisionRequests, hasHypothesis, leansAgainst } from './learning';
import { boardCards } from './cards';
import { DAY_MS, decisionWaits, isPending, stalledItems, wipByColumn } from './metrics';

export const SIGNAL_KINDS = [
  'overWip',
  'stalled',
  'liveUnderStopped',
  'decisionPending',
  'goalWithoutBets',
  'betWithoutMeasures',
  'initiativeWithoutHypothesis',
  'measureNeverUpdated',
  'contradicted',
  'decisionOverdue',
] as const;
export type SignalKind = (typeof SIGNAL_KINDS)[number];

export const SIGNAL_TITLES: Record<SignalKind, string> = {
  overWip: 'Columns over their WIP limit',
  stalled: 'Stalled items',
  decisionPending: 'Decisions waiting',
  goalWithoutBets: 'Goals without bets',
  betWithoutMeasures: 'Bets without measures',
  initiativeWithoutHypothesis: 'Initiatives without a hypothesis',
  measureNeverUpdated: 'Measures never updated',
  contradicted: 'Evidence against a hypothesis while the work goes on',
  decisionOverdue: 'Requested decisions past their date',
  liveUnderStopped: 'Work still running under a stopped item',
};

export interface Signal {
  kind: SignalKind;
  /** The node it is about (null for a column). */
  nodeId: string | null;
  /** The column it is about, or the card's column. */
  columnId: string | null;
  /** A plain statement of fact. */
  text: string;
}

export interface SignalOptions {
  now: number;
  /** Default: the board's setting. */
  stalledMs?: number;
  /** Decisions pending longer than this are signalled. Default: the board's setting. */
  decisionMs?: number;
}

const days = (ms: number) => {
  const d = Math.floor(ms / DAY_MS);
  return d === 1 ? '1 day' : `${d} days`;
};
const named = (n: NodeData) => `“${n.title || `Untitled ${n.kind}`}”`;

export function findSignals(
  doc: {
    nodes: ReadonlyMap<string, NodeData>;
    order: readonly string[];
    childrenOf: ReadonlyMap<string, readonly string[]>;
    board: BoardState;
    learning?: LearningState;
  },
  options: SignalOptions,
): Signal[] {
  const { now } = options;
  const stalledMs = options.stalledMs ?? doc.board.settings.stalledDays * DAY_MS;
  const decisionMs = options.decisionMs ?? doc.board.settings.decisionDays * DAY_MS;
  const columns = doc.board.columns;
  const cards = boardCards(doc.nodes, doc.order, doc.board);
  const out: Signal[] = [];

  for (const w of wipByColumn(cards, columns, now))
    if (w.over)
      out.push({
        kind: 'overWip',
        nodeId: null,
        columnId: w.column.id,
        text: `${w.column.name} holds ${w.count} items; its limit is ${w.column.wipLimit}.`,
      });

  for (const s of stalledItems(cards, columns, now, stalledMs))
    out.push({
      kind: 'stalled',
      nodeId: s.card.id,
      columnId: s.column.id,
      text:
        days(s.quietMs) === days(s.ageMs)
          ? `${named(doc.nodes.get(s.card.id)!)} has been in ${s.column.name} for ${days(s.ageMs)} without a change.`
          : `${named(doc.nodes.get(s.card.id)!)} has been in ${s.column.name} for ${days(s.ageMs)}; last edited ${days(s.quietMs)} ago.`,
    });

  // A stopped item is ended on purpose: nothing about it is a gap to nag about.
  const stopped = stoppedSet(doc);
  for (const { id, stoppedAbove } of liveUnderStopped(doc))
    out.push({
      kind: 'liveUnderStopped',
      nodeId: id,
      columnId: cardColumn(doc.board, id).id,
      text: `${named(doc.nodes.get(id)!)} is still in ${cardColumn(doc.board, id).name}, under ${named(doc.nodes.get(stoppedAbove)!)}, which was stopped.`,
    });

  const requests = decisionRequests(doc.learning);
  for (const w of decisionWaits(cards, columns, now, requests))
    if (isPending(w) && w.ms > decisionMs && !stopped.has(w.card)) {
      const column = cardColumn(doc.board, w.card);
      out.push({
        kind: 'decisionPending',
        nodeId: w.card,
        columnId: column.id,
        text: `${named(doc.nodes.get(w.card)!)} has waited ${days(w.ms)} for a decision in ${column.name}.`,
      });
    }

  const today = isoDay(now);
  for (const id of doc.order) {
    const node = doc.nodes.get(id);
    if (!node || stopped.has(id)) continue;
    const onBoard = isCardKind(node.kind) ? cardColumn(doc.board, id) : null;
    const column = onBoard?.id ?? null;
    if (
      onBoard?.stage === 'active' &&
      hasHypothesis(node) &&
      leansAgainst(doc.learning?.evidenceByNode.get(id))
    )
      out.push({
        kind: 'contradicted',
        nodeId: id,
        columnId: column,
        text: `The evidence on ${named(node)} leans against its hypothesis, and it is still in ${onBoard.name}.`,
      });
    const open = doc.learning ? openDecision(doc.learning, id) : undefined;
    if (open?.due && open.due < today)
      out.push({
        kind: 'decisionOverdue',
        nodeId: id,
        columnId: column,
        text: `The decision on ${named(node)}${open.decider ? `, asked of ${open.decider},` : ''} was due on ${open.due} and is still open.`,
      });
    const kids = doc.childrenOf.get(id) ?? [];
    if (node.kind === 'goal' && !kids.some((k) => doc.nodes.get(k)?.kind === 'bet'))
      out.push({
        kind: 'goalWithoutBets',
        nodeId: id,
        columnId: null,
        text: `Goal ${named(node)} has no bets.`,
      });
    if (node.kind === 'bet' && node.measures.length === 0)
      out.push({
        kind: 'betWithoutMeasures',
        nodeId: id,
        columnId: column,
        text: `Bet ${named(node)} has no measures of success.`,
      });
    if (node.kind === 'initiative' && !node.hypothesis.believe.trim())
      out.push({
        kind: 'initiativeWithoutHypothesis',
        nodeId: id,
        columnId: column,
        text: `Initiative ${named(node)} has no hypothesis.`,
      });
    for (const m of node.measures)
      if (m.updatedAt === null)
        out.push({
          kind: 'measureNeverUpdated',
          nodeId: id,
          columnId: column,
          text: `Measure “${m.name || 'Untitled'}” of ${named(node)} has never been updated.`,
        });
  }
  return out;
}
