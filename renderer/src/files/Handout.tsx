/**
 * A workshop handout, laid out for paper (A4 or Letter): a first page with the vision
 * and its goals as a picture, then one page per goal with the picture of what is
 * under it and the details of each of its items. Pictures run left to right, which
 * fits a tall page, and a picture too large to print with readable text (titles at
 * 10 px or more) is split into one per child. "Print or save as PDF" uses the
 * system's print dialog, which saves a PDF on every platform Canopy runs on.
 */
import { useMemo } from 'react';
import {
  columnNameOf,
  NODE_KIND_LABEL,
  type CanopyDoc,
  type NodeData,
} from '../../../shared/model';
import type { SvgTheme } from './tree-svg';
import { useDoc, useDocSlices, useModel } from '../document/document-context';
import { OUTCOME_LABEL, STANCE_LABEL } from '../learning/labels';
import { svgOf } from './image-export';
import './handout.css';

interface Props {
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

/**
 * The largest picture printed with titles of at least 10 px (drawn at 15 px): A4
 * between 12 mm margins (handout.css) is about 703 × 1,032 CSS px (Letter 724 × 965),
 * so a picture may be 15/10 of that: 1,050 wide, 1,440 high (255 mm, the print CSS).
 */
const PRINTABLE = { width: 1_050, height: 1_440 };

interface Picture {
  /** The item at the picture's root. */
  rootId: string;
  svg: string;
  /** Only the vision and its goals (the first page). */
  overview: boolean;
}

const sizeOf = (svg: string) => {
  const m = /width="(\d+)" height="(\d+)"/.exec(svg);
  return { width: Number(m?.[1] ?? 0), height: Number(m?.[2] ?? 0) };
};

/** Pictures of the subtree under `rootId`, split per child until each prints readably. */
function picturesOf(
  model: CanopyDoc,
  childrenOf: ReadonlyMap<string, readonly string[]>,
  rootId: string,
): Picture[] {
  const out: Picture[] = [];
  const work = [rootId];
  while (work.length) {
    const id = work.shift()!;
    const svg = svgOf(model, PAPER, { rootId: id, childrenOf, orientation: 'right' });
    const { width, height } = sizeOf(svg);
    const kids = childrenOf.get(id) ?? [];
    if ((width <= PRINTABLE.width && height <= PRINTABLE.height) || kids.length === 0)
      out.push({ rootId: id, svg, overview: false });
    else work.unshift(...kids);
  }
  return out;
}

export function Handout({ onClose }: Props) {
  const model = useModel();
  const doc = useDocSlices((s) => ({
    meta: s.meta,
    rootId: s.rootId,
    order: s.order,
    childrenOf: s.childrenOf,
    depthOf: s.depthOf,
    nodes: s.nodes,
    board: s.board,
  }));
  const pages = useMemo(() => {
    const root = doc.rootId;
    if (!root) return null;
    const goals = doc.childrenOf.get(root) ?? [];
    const overview: Picture = {
      rootId: root,
      svg: svgOf(model, PAPER, {
        rootId: root,
        childrenOf: new Map([[root, goals]]),
        orientation: 'right',
      }),
      overview: true,
    };
    return {
      overview,
      goals: goals.map((goal) => ({
        goal,
        pictures: picturesOf(model, doc.childrenOf, goal),
        items: subtreeOrder(doc.childrenOf, goal),
      })),
    };
  }, [model, doc]);
  const printed = new Date().toLocaleDateString(undefined, { dateStyle: 'long' });
  const item = (id: string) => {
    const node = doc.nodes.get(id)!;
    return (
      <HandoutItem
        key={id}
        node={node}
        depth={doc.depthOf.get(id) ?? 0}
        column={columnNameOf(doc.board, node)}
      />
    );
  };
  const label = (id: string) => {
    const node = doc.nodes.get(id)!;
    return `${NODE_KIND_LABEL[node.kind]}: ${node.title || 'Untitled'}`;
  };
  return (
    <main className="handout-screen">
      <div className="handout-toolbar no-print" role="toolbar" aria-label="Handout">
        <button type="button" onClick={onClose}>
          ← Back to the tree
        </button>
        <span className="muted">
          {doc.order.length} items · the vision and its goals first, then a page per goal
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
        {pages && (
          <>
            <Figure picture={pages.overview} label="The vision and its goals" />
            {doc.rootId && item(doc.rootId)}
            {pages.goals.map(({ goal, pictures, items }) => (
              <section key={goal} className="handout-page" aria-label={label(goal)}>
                {pictures.map((picture) => (
                  <Figure
                    key={picture.rootId}
                    picture={picture}
                    label={
                      picture.rootId === goal
                        ? `${label(goal)} and what is under it`
                        : `Part of ${label(goal)}: ${label(picture.rootId)} and what is under it`
                    }
                  />
                ))}
                {items.map(item)}
              </section>
            ))}
          </>
        )}
      </article>
    </main>
  );
}

function Figure({ picture, label }: { picture: Picture; label: string }) {
  const { width } = sizeOf(picture.svg);
  return (
    <figure
      className="handout-picture"
      aria-label={label}
      // Never wider than drawn (a small subtree is not blown up), never wider than the page.
      style={{ maxWidth: `${width}px` }}
      dangerouslySetInnerHTML={{ __html: picture.svg }}
    />
  );
}

/** An item and its descendants in outline order. */
function subtreeOrder(childrenOf: ReadonlyMap<string, readonly string[]>, id: string): string[] {
  const out: string[] = [];
  const stack = [id];
  while (stack.length) {
    const next = stack.pop()!;
    out.push(next);
    stack.push(...[...(childrenOf.get(next) ?? [])].reverse());
  }
  return out;
}

function HandoutItem({
  node,
  depth,
  column,
}: {
  node: NodeData;
  depth: number;
  column: string | null;
}) {
  const learning = useDoc((s) => s.learning);
  const evidence = learning.evidenceByNode.get(node.id) ?? [];
  const decisions = (learning.decisionsByNode.get(node.id) ?? []).filter((d) => d.outcome);
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
