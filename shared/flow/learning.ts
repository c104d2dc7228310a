/**
 * Learning that travels upward: each node's roll-up of its whole subtree's evidence
 * and decisions, and the learning signals. Pure functions of the document's data.
 */
import {
  stopDecision,
  type Evidence,
  type LearningState,
  type NodeData,
  type Strength,
} from '../model';
import type { DecisionTimes } from './metrics';

export interface RollUp {
  supports: number;
  contradicts: number;
  inconclusive: number;
  /** Decisions recorded in the subtree (open requests not counted). */
  decisions: number;
  /** Items stopped in the subtree, with what was learned. */
  stopped: Array<{ nodeId: string; learning: string }>;
}

const empty = (): RollUp => ({
  supports: 0,
  contradicts: 0,
  inconclusive: 0,
  decisions: 0,
  stopped: [],
});

/**
 * Every node's roll-up over itself and its descendants, in one pass from the leaves
 * up (children before parents in reverse depth-first order).
 */
export function rollUps(
  tree: { order: readonly string[]; childrenOf: ReadonlyMap<string, readonly string[]> },
  learning: LearningState,
): Map<string, RollUp> {
  const out = new Map<string, RollUp>();
  for (let i = tree.order.length - 1; i >= 0; i--) {
    const id = tree.order[i]!;
    const r = empty();
    for (const e of learning.evidenceByNode.get(id) ?? []) r[e.stance]++;
    for (const d of learning.decisionsByNode.get(id) ?? []) {
      if (d.outcome === null) continue;
      r.decisions++;
    }
    const stop = stopDecision(learning, id);
    if (stop) r.stopped.push({ nodeId: id, learning: stop.learning });
    for (const child of tree.childrenOf.get(id) ?? []) {
      const c = out.get(child);
      if (!c) continue;
      r.supports += c.supports;
      r.contradicts += c.contradicts;
      r.inconclusive += c.inconclusive;
      r.decisions += c.decisions;
      r.stopped.push(...c.stopped);
    }
    out.set(id, r);
  }
  return out;
}

const WEIGHT: Record<Strength, number> = { weak: 1, moderate: 2, strong: 3 };

/**
 * Whether a node's own evidence leans against its hypothesis: the contradicting
 * evidence, weighted by strength (weak 1, moderate 2, strong 3), outweighs the
 * supporting. Inconclusive evidence weighs nothing either way.
 */
export function leansAgainst(evidence: readonly Evidence[] | undefined): boolean {
  let balance = 0;
  for (const e of evidence ?? [])
    if (e.stance === 'contradicts') balance -= WEIGHT[e.strength];
    else if (e.stance === 'supports') balance += WEIGHT[e.strength];
  return balance < 0;
}

/** Whether the node has a hypothesis to lean against. */
export const hasHypothesis = (node: NodeData) => node.hypothesis.believe.trim() !== '';

/** Every decision record's times, as decision latency reads them (see decisionWaits). */
export function decisionRequests(learning: LearningState | undefined): DecisionTimes[] {
  const out: DecisionTimes[] = [];
  for (const list of learning?.decisionsByNode.values() ?? [])
    for (const d of list)
      out.push({ card: d.nodeId, requestedAt: d.requestedAt, decidedAt: d.decidedAt });
  return out;
}
