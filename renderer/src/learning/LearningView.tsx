/**
 * The learning timeline: evidence and decisions in time order, for the whole tree or
 * one part of it, filterable, and exported as Markdown.
 */
import { useMemo, useState } from 'react';
import {
  describeEntry,
  timeline,
  timelineMarkdown,
  type TimelineEntry,
} from '../../../shared/flow/timeline';
import { STANCES, type Stance } from '../../../shared/model';
import { useApp } from '../app/app-store';
import { useDocSlices, useDocument, useView } from '../document/document-context';
import { KIND_LABEL } from '../widgets/kind-labels';
import { STANCE_LABEL } from './labels';
import { fileName, offer } from '../files/file-actions';
import { usePlatform } from '../app/PlatformContext';
import '../widgets/statements.css';
import './learning.css';

type KindFilter = 'all' | 'evidence' | 'decisions';
const KINDS: Record<KindFilter, TimelineEntry['kind'][]> = {
  all: ['evidence', 'request', 'decision'],
  evidence: ['evidence'],
  decisions: ['request', 'decision'],
};

export function LearningView() {
  const { files } = usePlatform();
  const { id: docId, view } = useDocument();
  const doc = useDocSlices((s) => ({
    meta: s.meta,
    order: s.order,
    depthOf: s.depthOf,
    childrenOf: s.childrenOf,
    nodes: s.nodes,
    learning: s.learning,
  }));
  const navigate = useApp((s) => s.navigate);
  const part = useView((s) => s.timelineFor);
  const [kind, setKind] = useState<KindFilter>('all');
  const [stance, setStance] = useState<Stance | null>(null);
  const nodeId = part && doc.nodes.has(part) ? part : null;
  const entries = useMemo(
    () =>
      timeline(doc, { nodeId, kinds: KINDS[kind], stance: kind === 'decisions' ? null : stance }),
    [doc, nodeId, kind, stance],
  );
  // Parts worth choosing: the vision, goals and bets, and anything with learning of its own.
  const parts = doc.order.filter((id) => {
    const n = doc.nodes.get(id)!;
    return (
      n.kind !== 'initiative' ||
      doc.learning.evidenceByNode.has(id) ||
      doc.learning.decisionsByNode.has(id)
    );
  });
  const title = doc.meta.title || 'Untitled tree';

  const exportMarkdown = () => {
    const text = timelineMarkdown(
      nodeId ? `${title} — ${doc.nodes.get(nodeId)!.title || 'Untitled'}` : title,
      entries,
      doc.nodes,
    );
    void offer(files, fileName(title, ' learning.md'), text, 'markdown');
  };

  const byDay: Array<[string, TimelineEntry[]]> = [];
  for (const e of entries) {
    const last = byDay.at(-1);
    if (last && last[0] === e.at) last[1].push(e);
    else byDay.push([e.at, [e]]);
  }

  return (
    <section className="signals learning" aria-label="Learning timeline">
      <header className="signals-header">
        <h2>Learning timeline</h2>
        <p className="muted">Evidence and decisions as they happened.</p>
        <div
          className="board-toolbar learning-filters"
          role="toolbar"
          aria-label="Timeline filters"
        >
          <label>
            Part of the tree{' '}
            <select
              value={nodeId ?? ''}
              onChange={(e) => view.getState().setTimelineFor(e.target.value || null)}
            >
              <option value="">Whole tree</option>
              {parts.map((id) => {
                const n = doc.nodes.get(id)!;
                return (
                  <option key={id} value={id}>
                    {'  '.repeat(doc.depthOf.get(id) ?? 0)}
                    {KIND_LABEL[n.kind]}: {n.title || 'Untitled'}
                  </option>
                );
              })}
            </select>
          </label>
          <label>
            Show{' '}
            <select value={kind} onChange={(e) => setKind(e.target.value as KindFilter)}>
              <option value="all">Evidence and decisions</option>
              <option value="evidence">Evidence</option>
              <option value="decisions">Decisions</option>
            </select>
          </label>
          {kind !== 'decisions' && (
            <label>
              Evidence that{' '}
              <select
                value={stance ?? ''}
                onChange={(e) => setStance((e.target.value || null) as Stance | null)}
              >
                <option value="">Any stance</option>
                {STANCES.map((s) => (
                  <option key={s} value={s}>
                    {STANCE_LABEL[s]}
                  </option>
                ))}
              </select>
            </label>
          )}
          <span className="spacer" />
          <button type="button" onClick={exportMarkdown}>
            Export as Markdown
          </button>
        </div>
      </header>
      {entries.length === 0 ? (
        <div className="empty-state">
          <p>Nothing recorded here yet.</p>
          <p className="muted">
            Add evidence or record decisions from an item’s details (Alt+E adds evidence to the
            selected item).
          </p>
        </div>
      ) : (
        byDay.map(([date, list]) => (
          <section key={date} className="signal-group" aria-label={date}>
            <h3>{date}</h3>
            <ol className="signal-list">
              {list.map((entry, i) => (
                <li key={`${entry.kind}-${i}`} className={`signal-row timeline-${entry.kind}`}>
                  <span className="signal-text">{describeEntry(entry, doc.nodes)}</span>
                  <button
                    type="button"
                    className="ghost"
                    onClick={() => {
                      view.getState().select(entry.nodeId);
                      navigate({ screen: 'doc', id: docId, tab: 'tree' });
                    }}
                  >
                    In the tree
                  </button>
                </li>
              ))}
            </ol>
          </section>
        ))
      )}
    </section>
  );
}
