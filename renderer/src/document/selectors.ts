/**
 * Data derived from the open document, computed once per change of what it reads and
 * shared by every view that shows it: the canvas and the Signals view read the same
 * signals, the canvas and the details the same roll-ups, the board and Flow the same
 * cards. Each selector remembers its last results by the identity of the store's
 * slices it reads (the store replaces a slice only when it changed), so a view that
 * asks again after an unrelated change gets the very same object and does not
 * re-render.
 */
import { boardCards } from '../../../shared/flow/cards';
import { decisionRequests, rollUps, type RollUp } from '../../../shared/flow/learning';
import { findSignals, type Signal } from '../../../shared/flow/signals';
import { stoppedSet } from '../../../shared/model';
import type { DocView } from './doc-store';
import { latestResults } from './round-results';
import type { ViewState } from './view-store';

/** Live nodes that are shown: collapsed subtrees hidden, focus mode applied. */
export function visibleOrder(
  doc: Pick<DocView, 'order' | 'depthOf'>,
  view: Pick<ViewState, 'collapsed' | 'focusRoot'>,
): string[] {
  let { order } = doc;
  if (view.focusRoot && doc.depthOf.has(view.focusRoot)) {
    const start = order.indexOf(view.focusRoot);
    const depth = doc.depthOf.get(view.focusRoot)!;
    let end = start + 1;
    while (end < order.length && doc.depthOf.get(order[end]!)! > depth) end++;
    order = order.slice(start, end);
  }
  const out: string[] = [];
  let hideBelow = -1;
  for (const id of order) {
    const depth = doc.depthOf.get(id) ?? 0;
    if (hideBelow >= 0 && depth > hideBelow) continue;
    hideBelow = view.collapsed.has(id) ? depth : -1;
    out.push(id);
  }
  return out;
}

/** Nodes whose title, tags or owner contain the query (case-insensitive), in display order. */
export function searchMatches(doc: Pick<DocView, 'order' | 'nodes'>, query: string): string[] {
  const q = query.trim().toLowerCase();
  if (!q) return [];
  return doc.order.filter((id) => {
    const n = doc.nodes.get(id);
    return (
      !!n &&
      (n.title.toLowerCase().includes(q) ||
        n.owner.toLowerCase().includes(q) ||
        n.tags.some((t) => t.toLowerCase().includes(q)))
    );
  });
}

/** Results kept per selector: enough for a document and a snapshot or draft beside it. */
const KEPT = 4;

/**
 * Memoizes `compute` on the identity of `keys` of the document and of the extra
 * arguments; the most recent results are kept, the oldest dropped.
 */
export function derive<K extends keyof DocView, X extends unknown[], R>(
  keys: readonly K[],
  compute: (doc: Pick<DocView, K>, ...extra: X) => R,
): (doc: Pick<DocView, K>, ...extra: X) => R {
  const kept: Array<{ inputs: unknown[]; result: R }> = [];
  return (doc, ...extra) => {
    const inputs = [...keys.map((k) => doc[k]), ...extra];
    const hit = kept.find((e) => e.inputs.every((value, i) => value === inputs[i]));
    if (hit) return hit.result;
    const result = compute(doc, ...extra);
    kept.unshift({ inputs, result });
    if (kept.length > KEPT) kept.pop();
    return result;
  };
}

/** Bets and initiatives ended on purpose (see shared/model/stopping.ts). */
export const selectStopped = derive(
  ['nodes', 'order', 'childrenOf', 'board', 'learning'],
  (doc): ReadonlySet<string> => stoppedSet(doc),
);

/** Live nodes that are shown: collapsed subtrees hidden, focus mode applied. */
export const selectVisible = derive(
  ['order', 'depthOf'],
  (doc, collapsed: ReadonlySet<string>, focusRoot: string | null): readonly string[] =>
    visibleOrder(doc, { collapsed, focusRoot }),
);

/** Nodes whose title, tags or owner contain the query, in display order. */
export const selectMatches = derive(['order', 'nodes'], (doc, query: string): readonly string[] =>
  searchMatches(doc, query),
);

/** Where the work and the plan disagree (the Signals view lists them, cards badge them). */
export const selectSignals = derive(
  ['nodes', 'order', 'childrenOf', 'board', 'learning'],
  (doc, now: number): readonly Signal[] => findSignals(doc, { now }),
);

/** The signals about each node, one line each, for the cards' badges. */
export const selectSignalsByNode = derive(
  ['nodes', 'order', 'childrenOf', 'board', 'learning'],
  (doc, now: number): ReadonlyMap<string, string> => {
    const out = new Map<string, string>();
    for (const signal of selectSignals(doc, now))
      if (signal.nodeId)
        out.set(
          signal.nodeId,
          out.has(signal.nodeId) ? `${out.get(signal.nodeId)}\n${signal.text}` : signal.text,
        );
    return out;
  },
);

/** What each subtree has learned: evidence for and against, decisions, stops. */
export const selectRollUps = derive(
  ['order', 'childrenOf', 'learning'],
  (doc): ReadonlyMap<string, RollUp> => rollUps(doc, doc.learning),
);

/** The same, in words, for the cards of subtrees that have learned something. */
export const selectLearnedByNode = derive(
  ['order', 'childrenOf', 'learning'],
  (doc): ReadonlyMap<string, { long: string; short: string }> => {
    const out = new Map<string, { long: string; short: string }>();
    for (const [id, r] of selectRollUps(doc)) {
      if (!r.supports && !r.contradicts && !r.stopped.length) continue;
      const parts = [`${r.supports} for`, `${r.contradicts} against`];
      if (r.stopped.length) parts.push(`${r.stopped.length} stopped`);
      out.set(id, { long: parts.join(', '), short: `▲${r.supports} ▼${r.contradicts}` });
    }
    return out;
  },
);

/** The board's cards as the flow metrics read them. */
export const selectBoardCards = derive(['nodes', 'order', 'board'], (doc) =>
  boardCards(doc.nodes, doc.order, doc.board),
);

/** When each decision was asked for and taken, for decision latency. */
export const selectDecisionRequests = derive(['learning'], (doc) => decisionRequests(doc.learning));

/** Cards with a decision asked for and not yet taken. */
export const selectAwaitingDecision = derive(
  ['learning'],
  (doc): ReadonlySet<string> =>
    new Set(
      [...doc.learning.decisionsByNode.values()]
        .flat()
        .filter((d) => d.outcome === null)
        .map((d) => d.nodeId),
    ),
);

/** Items whose rename of ours lost to someone else's, and who renamed them. */
export const selectRenamedBy = derive(['renames'], (doc): ReadonlyMap<string, string> => {
  const out = new Map<string, string>();
  for (const c of doc.renames) if (c.target.kind === 'node') out.set(c.target.id, c.by);
  return out;
});

/** Each item's latest revealed vote, budget or score, for the cards' badges. */
export const selectLatestResults = derive(['rounds'], (doc) => latestResults(doc.rounds));
