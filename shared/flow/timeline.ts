/**
 * The learning timeline: evidence and decisions in time order, for the whole
 * document or one part of the tree, and as Markdown to take away.
 */
import {
  isoDay,
  type Decision,
  type Evidence,
  type LearningState,
  type NodeData,
  type Stance,
} from '../model';

export type TimelineEntry =
  | { kind: 'evidence'; at: string; nodeId: string; evidence: Evidence }
  | { kind: 'request'; at: string; nodeId: string; decision: Decision }
  | { kind: 'decision'; at: string; nodeId: string; decision: Decision };

export interface TimelineFilter {
  /** Only this node and its descendants. */
  nodeId?: string | null;
  kinds?: ReadonlyArray<TimelineEntry['kind']>;
  stance?: Stance | null;
}

/** Entries oldest first; evidence by its observation date, decisions by when asked and taken. */
export function timeline(
  doc: {
    order: readonly string[];
    childrenOf: ReadonlyMap<string, readonly string[]>;
    learning: LearningState;
  },
  filter: TimelineFilter = {},
): TimelineEntry[] {
  const nodes = filter.nodeId ? subtree(doc.childrenOf, filter.nodeId) : new Set(doc.order);
  const kinds = new Set(filter.kinds ?? ['evidence', 'request', 'decision']);
  const out: TimelineEntry[] = [];
  for (const id of doc.order) {
    if (!nodes.has(id)) continue;
    if (kinds.has('evidence'))
      for (const e of doc.learning.evidenceByNode.get(id) ?? [])
        if (!filter.stance || e.stance === filter.stance)
          out.push({ kind: 'evidence', at: e.date, nodeId: id, evidence: e });
    if (filter.stance) continue;
    for (const d of doc.learning.decisionsByNode.get(id) ?? []) {
      if (kinds.has('request'))
        out.push({ kind: 'request', at: isoDay(d.requestedAt), nodeId: id, decision: d });
      if (kinds.has('decision') && d.outcome !== null && d.decidedAt !== null)
        out.push({ kind: 'decision', at: isoDay(d.decidedAt), nodeId: id, decision: d });
    }
  }
  // Stable: same-day entries keep tree order, a request before its decision.
  return out
    .map((entry, i) => ({ entry, i }))
    .sort((a, b) => (a.entry.at < b.entry.at ? -1 : a.entry.at > b.entry.at ? 1 : a.i - b.i))
    .map(({ entry }) => entry);
}

function subtree(childrenOf: ReadonlyMap<string, readonly string[]>, id: string): Set<string> {
  const out = new Set<string>();
  const stack = [id];
  while (stack.length) {
    const cur = stack.pop()!;
    out.add(cur);
    stack.push(...(childrenOf.get(cur) ?? []));
  }
  return out;
}

const STANCE_WORD: Record<Stance, string> = {
  supports: 'supports',
  contradicts: 'contradicts',
  inconclusive: 'is inconclusive on',
};

/** One line of plain text per entry (what the timeline view and the export both say). */
export function describeEntry(entry: TimelineEntry, nodes: ReadonlyMap<string, NodeData>): string {
  const title = `“${nodes.get(entry.nodeId)?.title || 'Untitled'}”`;
  if (entry.kind === 'evidence') {
    const e = entry.evidence;
    return `Evidence (${e.strength}) ${STANCE_WORD[e.stance]} ${title}: ${e.summary}`;
  }
  const d = entry.decision;
  if (entry.kind === 'request')
    return `Decision requested on ${title}${d.decider ? ` of ${d.decider}` : ''}${d.due ? `, due ${d.due}` : ''}`;
  return `Decision on ${title}: ${d.outcome}${d.rationale ? `. ${d.rationale}` : ''}${d.learning ? `. Learned: ${d.learning}` : ''}`;
}

/** Markdown escaping for text written by people: no accidental headings, lists or links. */
const md = (text: string) => text.replace(/([\\`*_[\]<>#|])/g, '\\$1').replace(/\n+/g, ' ');

export function timelineMarkdown(
  title: string,
  entries: readonly TimelineEntry[],
  nodes: ReadonlyMap<string, NodeData>,
): string {
  const lines = [`# ${md(title)}: learning timeline`, ''];
  if (entries.length === 0) lines.push('Nothing recorded yet.');
  let current = '';
  for (const entry of entries) {
    if (entry.at !== current) {
      if (current) lines.push('');
      lines.push(`## ${entry.at}`, '');
      current = entry.at;
    }
    let line = `- ${md(describeEntry(entry, nodes))}`;
    if (entry.kind === 'evidence' && entry.evidence.source)
      line += ` (source: ${md(entry.evidence.source)})`;
    lines.push(line);
  }
  return `${lines.join('\n')}\n`;
}
