/**
 * Stopped items: a bet or an initiative ended on purpose, keeping what it taught.
 * Derived, never stored: a card is stopped when it sits in a column of the
 * `stopped` stage (a recorded stop moves it there), or, on a board that has no such
 * column, when its latest recorded decision is a stop. Work still running under a
 * stopped item is what a facilitator needs to see (shared/flow/signals.ts).
 */
import { cardColumn, isCardKind, type BoardState } from './board';
import type { Decision, LearningState } from './learning';
import type { NodeData } from './schema';

/** The node's latest recorded decision (by when it was taken), if any. */
export function latestDecision(decisions: readonly Decision[] | undefined): Decision | undefined {
  let last: Decision | undefined;
  for (const d of decisions ?? [])
    if (d.decidedAt !== null && (!last || d.decidedAt >= last.decidedAt!)) last = d;
  return last;
}

/** The stop that ended a stopped item, when one was recorded. */
export function stopDecision(learning: LearningState, id: string): Decision | undefined {
  const last = latestDecision(learning.decisionsByNode.get(id));
  return last?.outcome === 'stop' ? last : undefined;
}

export interface StoppingDoc {
  nodes: ReadonlyMap<string, NodeData>;
  order: readonly string[];
  childrenOf: ReadonlyMap<string, readonly string[]>;
  board: BoardState;
  learning?: LearningState;
}

/** Whether an item is stopped (only bets and initiatives can be). */
export function isStopped(doc: Omit<StoppingDoc, 'order' | 'childrenOf'>, id: string): boolean {
  const node = doc.nodes.get(id);
  if (!node || !isCardKind(node.kind)) return false;
  if (cardColumn(doc.board, id).stage === 'stopped') return true;
  return (
    !doc.board.columns.some((c) => c.stage === 'stopped') &&
    doc.learning !== undefined &&
    stopDecision(doc.learning, id) !== undefined
  );
}

/** Every stopped item, in tree order. */
export function stoppedSet(doc: StoppingDoc): Set<string> {
  const out = new Set<string>();
  for (const id of doc.order) if (isStopped(doc, id)) out.add(id);
  return out;
}

/** A card still running: not stopped, and not done. */
export function isLive(doc: Omit<StoppingDoc, 'order' | 'childrenOf'>, id: string): boolean {
  const node = doc.nodes.get(id);
  if (!node || !isCardKind(node.kind) || isStopped(doc, id)) return false;
  return cardColumn(doc.board, id).stage !== 'done';
}

/** The cards still running anywhere under `id`, in tree order. */
export function liveBelow(doc: Omit<StoppingDoc, 'order'>, id: string): string[] {
  const out: string[] = [];
  const visit = (parent: string) => {
    for (const child of doc.childrenOf.get(parent) ?? []) {
      if (isLive(doc, child)) out.push(child);
      visit(child);
    }
  };
  visit(id);
  return out;
}

/**
 * Live work under stopped items: each running card with the nearest stopped item
 * above it, in tree order.
 */
export function liveUnderStopped(doc: StoppingDoc): Array<{ id: string; stoppedAbove: string }> {
  const out: Array<{ id: string; stoppedAbove: string }> = [];
  const root = doc.order[0];
  if (root === undefined) return out;
  // Iterative depth-first walk: a deep chain of initiatives must not overflow the stack.
  const stack: Array<{ id: string; above: string | null }> = [{ id: root, above: null }];
  while (stack.length) {
    const { id, above } = stack.pop()!;
    const here = isStopped(doc, id) ? id : above;
    if (above !== null && here === above && isLive(doc, id)) out.push({ id, stoppedAbove: above });
    const children = doc.childrenOf.get(id) ?? [];
    for (let i = children.length - 1; i >= 0; i--) stack.push({ id: children[i]!, above: here });
  }
  return out;
}
