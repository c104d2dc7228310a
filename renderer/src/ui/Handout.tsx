/**
 * A workshop handout: the tree as a picture, then every item with its details, laid
 * out for paper. "Print or save as PDF" uses the system's print dialog, which saves a
 * PDF on every platform Canopy runs on.
 */
import { useMemo } from 'react';
import { useStore } from 'zustand';
import {
  columnNameOf,
  NODE_KIND_LABEL,
  type CanopyDoc,
  type NodeData,
} from '../../../shared/model';
import type { SvgTheme } from '../canvas/tree-svg';
import type { createDocStore } from '../state/doc-store';
import { OUTCOME_LABEL, STANCE_LABEL } from './details/LearningSections';
import { svgOf } from './image-export';

interface Props {
  model: CanopyDoc;
  store: ReturnType<typeof createDocStore>;
  onClose(): void;
}

/** Paper is white whatever the screen's theme; the kind colours are the light ones. */
const PAPER: SvgTheme = {
  background: '#ffffff',
  card: '#ffffff',
  border: '#b9c0b6',
  text: '#111111',
  muted: '#4d5750',
  edge: '#7a857d',
  kind: { vision: '#6d4fc2', goal: '#1b6f80', bet: '#8f5500', initiative: '#357228' },
  font: 'system-ui, sans-serif',
};

export function Handout({ model, store, onClose }: Props) {
  const doc = useStore(store);
  const svg = useMemo(() => (doc.rootId ? svgOf(model, PAPER) : ''), [model, doc]);
  const printed = new Date().toLocaleDateString(undefined, { dateStyle: 'long' });
  return (
    <main className="handout-screen">
      <div className="handout-toolbar no-print" role="toolbar" aria-label="Handout">
        <button type="button" onClick={onClose}>
          ← Back to the tree
        </button>
        <span className="muted">
          {doc.order.length} items · the picture shows the whole tree; details follow
        </span>
        <button type="button" className="primary" onClick={() => window.print()}>
          Print or save as PDF
        </button>
      </div>
      <article className="handout" aria-labelledby="handout-title">
        <header>
          <h1 id="handout-title">{doc.meta.title || 'Untitled tree'}</h1>
          <p className="muted">{printed}</p>
        </header>
        <figure
          className="handout-picture"
          aria-label="The tree"
          dangerouslySetInnerHTML={{ __html: svg }}
        />
        {doc.order.map((id) => {
          const node = doc.nodes.get(id)!;
          return (
            <HandoutItem
              key={id}
              node={node}
              depth={doc.depthOf.get(id) ?? 0}
              column={columnNameOf(doc.board, node)}
              model={model}
            />
          );
        })}
      </article>
    </main>
  );
}

function HandoutItem({
  node,
  depth,
  column,
  model,
}: {
  node: NodeData;
  depth: number;
  column: string | null;
  model: CanopyDoc;
}) {
  const evidence = model.learning().evidenceByNode.get(node.id) ?? [];
  const decisions = (model.learning().decisionsByNode.get(node.id) ?? []).filter((d) => d.outcome);
  const h = node.hypothesis;
  const facts: Array<[string, string]> = [
    ['Owner', node.owner],
    ['Board column', column ?? ''],
    ['Confidence', node.confidence === null ? '' : `${node.confidence}%`],
    ['Investment', node.investment],
    ['Tags', node.tags.join(', ')],
  ].filter(([, v]) => v) as Array<[string, string]>;
  const Heading = depth === 0 ? 'h2' : 'h3';
  return (
    <section className="handout-item" style={{ marginLeft: `${Math.min(depth, 6) * 14}px` }}>
      <Heading>
        <span className={`handout-kind kind-${node.kind}`}>{NODE_KIND_LABEL[node.kind]}</span>{' '}
        {node.title || 'Untitled'}
      </Heading>
      {facts.length > 0 && (
        <dl className="handout-facts">
          {facts.map(([k, v]) => (
            <div key={k}>
              <dt>{k}</dt>
              <dd>{v}</dd>
            </div>
          ))}
        </dl>
      )}
      {node.description && <p className="handout-description">{node.description}</p>}
      {(h.believe || h.result || h.signal) && (
        <p>
          <strong>We believe</strong> {h.believe || '…'} <strong>will result in</strong>{' '}
          {h.result || '…'}. <strong>We will know we have succeeded when</strong> {h.signal || '…'}.
        </p>
      )}
      {node.measures.length > 0 && (
        <table className="handout-table">
          <caption>Measures</caption>
          <thead>
            <tr>
              <th scope="col">Measure</th>
              <th scope="col">Baseline</th>
              <th scope="col">Now</th>
              <th scope="col">Target</th>
              <th scope="col">Due</th>
            </tr>
          </thead>
          <tbody>
            {node.measures.map((m) => (
              <tr key={m.id}>
                <td>{m.name || 'Measure'}</td>
                <td>{withUnit(m.baseline, m.unit)}</td>
                <td>{withUnit(m.current, m.unit)}</td>
                <td>{withUnit(m.target, m.unit)}</td>
                <td>{m.due ?? '–'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {node.assumptions.length > 0 && (
        <>
          <h4>Assumptions</h4>
          <ul>
            {node.assumptions.map((a) => (
              <li key={a.id}>
                {a.text || 'Untitled'}{' '}
                <span className="muted">
                  ({a.risk} risk, {a.state})
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
      {evidence.length > 0 && (
        <>
          <h4>Evidence</h4>
          <ul>
            {evidence.map((e) => (
              <li key={e.id}>
                <strong>{STANCE_LABEL[e.stance]}</strong> ({e.strength}, {e.date}): {e.summary}
                {e.source && <span className="muted"> · {e.source}</span>}
              </li>
            ))}
          </ul>
        </>
      )}
      {decisions.length > 0 && (
        <>
          <h4>Decisions</h4>
          <ul>
            {decisions.map((d) => (
              <li key={d.id}>
                <strong>{OUTCOME_LABEL[d.outcome!]}</strong>
                {d.decidedAt ? ` (${new Date(d.decidedAt).toISOString().slice(0, 10)})` : ''}
                {d.rationale && `: ${d.rationale}`}
                {d.learning && <span> Learned: {d.learning}</span>}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

const withUnit = (v: number | null, unit: string) =>
  v === null ? '–' : `${v}${unit ? ` ${unit}` : ''}`;
