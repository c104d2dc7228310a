/**
 * The session summary on screen, as a printable handout ("Print or save as PDF") and
 * as a Markdown download. See summary.ts for what it holds.
 */
import { useEffect, useMemo, useState } from 'react';
import * as Y from 'yjs';
import { changedSince } from '../../../shared/files/changes';
import { CanopyDoc } from '../../../shared/model';
import { usePlatform } from '../app/PlatformContext';
import { useDoc, useDocument } from '../document/document-context';
import { getSnapshot } from '../storage/snapshots';
import { STANCE_LABEL, OUTCOME_LABEL } from '../learning/labels';
import { buildSummary, minutesText, summaryMarkdown } from './summary';
import { groupHeading, roundTurnout } from './summary-rounds';
import { startSnapshotId } from './step-actions';
import './room.css';
import './summary-rounds.css';

const when = (t: number) =>
  new Date(t).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** What changed since the start snapshot on this machine; null when there is none. */
function useChangesSinceStart(docId: string) {
  const { store } = useDocument();
  const [changes, setChanges] = useState<ReadonlyMap<string, 'added' | 'changed'> | null>(null);
  useEffect(() => {
    let live = true;
    void getSnapshot(startSnapshotId(docId)).then((snapshot) => {
      if (!live || !snapshot) return;
      const doc = new Y.Doc();
      Y.applyUpdate(doc, snapshot.update);
      const model = new CanopyDoc(doc);
      const tree = model.tree();
      const then = { ...tree, nodes: new Map(tree.order.map((id) => [id, model.node(id)!])) };
      setChanges(changedSince(then, store.getState()));
      model.destroy();
    });
    return () => {
      live = false;
    };
  }, [docId, store]);
  return changes;
}

export function SummaryScreen({ onClose }: { onClose(): void }) {
  const { id } = useDocument();
  const { files } = usePlatform();
  const title = useDoc((s) => s.meta.title);
  const workshop = useDoc((s) => s.workshop);
  const nodes = useDoc((s) => s.nodes);
  const learning = useDoc((s) => s.learning);
  const rounds = useDoc((s) => s.rounds);
  const changes = useChangesSinceStart(id);
  const [now] = useState(() => Date.now());
  const summary = useMemo(
    () =>
      buildSummary({
        title: title || 'Untitled tree',
        workshop,
        nodes,
        learning,
        rounds,
        changes,
        now,
      }),
    [title, workshop, nodes, learning, rounds, changes, now],
  );
  const download = () =>
    void files.save(
      `${(title || 'workshop').replace(/[/\\:*?"<>|]+/g, ' ').trim()} summary.md`,
      new TextEncoder().encode(summaryMarkdown(summary, when)),
      [{ name: 'Markdown', extensions: ['md'] }],
    );

  return (
    <div className="screen summary-screen">
      <header className="summary-actions no-print">
        <button type="button" onClick={onClose}>
          ← Back to the tree
        </button>
        <button type="button" onClick={download}>
          Download as Markdown
        </button>
        <button type="button" className="primary" onClick={() => window.print()}>
          Print or save as PDF
        </button>
      </header>
      <main className="summary" aria-labelledby="summary-title">
        <h1 id="summary-title">Session summary: {summary.title}</h1>
        {summary.startedAt !== null && (
          <p>
            Started {when(summary.startedAt)}
            {summary.endedAt !== null && `, ended ${when(summary.endedAt)}`}.
          </p>
        )}
        <h2>Agenda</h2>
        <table className="summary-steps">
          <thead>
            <tr>
              <th scope="col">Step</th>
              <th scope="col">Planned</th>
              <th scope="col">Took</th>
            </tr>
          </thead>
          <tbody>
            {summary.steps.map((t) => (
              <tr key={t.index}>
                <td>
                  {t.index + 1}. {t.title}
                </td>
                <td>{t.plannedMinutes} min</td>
                <td>{t.startedAt === null ? 'not reached' : minutesText(t.spentMs)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <h2>Changes to the tree</h2>
        {!summary.changes ? (
          <p>No snapshot of the start on this computer: changes not known.</p>
        ) : !summary.changes.added.length && !summary.changes.changed.length ? (
          <p>No changes.</p>
        ) : (
          <ul aria-label="Changes to the tree">
            {summary.changes.added.map((a, i) => (
              <li key={`a${i}`}>
                Added {a.kind.toLowerCase()}: {a.title}
              </li>
            ))}
            {summary.changes.changed.map((c, i) => (
              <li key={`c${i}`}>
                Changed {c.kind.toLowerCase()}: {c.title}
              </li>
            ))}
          </ul>
        )}
        <h2>Evidence added</h2>
        {summary.evidence.length ? (
          <ul>
            {summary.evidence.map((e, i) => (
              <li key={i}>
                {e.on}: {e.summary} ({STANCE_LABEL[e.stance]}
                {e.by && `, by ${e.by}`})
              </li>
            ))}
          </ul>
        ) : (
          <p>None.</p>
        )}
        <h2>Decisions</h2>
        {summary.decisions.length ? (
          <ul>
            {summary.decisions.map((d, i) => (
              <li key={i}>
                {d.on}: {OUTCOME_LABEL[d.outcome]}
                {d.rationale && ` — ${d.rationale}`}
                {d.by && ` (${d.by})`}
              </li>
            ))}
          </ul>
        ) : (
          <p>None.</p>
        )}
        <h2>Votes and prompts</h2>
        {summary.rounds.length ? (
          summary.rounds.map((r, i) => (
            <section key={i} className="summary-round" aria-label={r.title}>
              <h3>{r.title}</h3>
              <p className="summary-round-meta">
                {r.kind}, revealed {when(r.at)}: {roundTurnout(r)}.
              </p>
              {r.prompt && <blockquote>{r.prompt}</blockquote>}
              {r.top.length > 0 && (
                <ul className="summary-round-top" aria-label={`Top of ${r.title}`}>
                  {r.top.map((t, j) => (
                    <li key={j}>
                      <span className="summary-round-place">{t.place}</span> {t.title}{' '}
                      <strong>{t.value}</strong>
                    </li>
                  ))}
                  {r.more > 0 && <li className="summary-round-more">and {r.more} more</li>}
                </ul>
              )}
              {r.groups.map((g) => (
                <div key={g.name} className="summary-round-group">
                  <h4>{groupHeading(g)}</h4>
                  <ul>
                    {g.answers.map((a, j) => (
                      <li key={j}>{a}</li>
                    ))}
                  </ul>
                </div>
              ))}
            </section>
          ))
        ) : (
          <p>None revealed.</p>
        )}
        <h2>Reflection</h2>
        {summary.reflections.length ? (
          summary.reflections.map((q) => (
            <section key={q.question}>
              <h3>{q.question}</h3>
              <ul>
                {q.answers.map((a, i) => (
                  <li key={i}>
                    {a.text}
                    {a.author && ` — ${a.author}`}
                  </li>
                ))}
              </ul>
            </section>
          ))
        ) : (
          <p>No answers.</p>
        )}
      </main>
    </div>
  );
}
