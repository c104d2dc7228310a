/**
 * One tree node on the canvas. Memoized: React Flow re-renders a node only when its
 * data object changes, and the doc store replaces only the objects of changed nodes.
 */
import { Handle, Position, type NodeProps, type Node } from '@xyflow/react';
import { memo } from 'react';
import type { ItemResult, NodeData } from '../../../../shared/model';
import { ResultBadge } from '../../document/ResultBadge';
import { measureProgress } from '../details/measure-progress';
import { KIND_LABEL } from '../../widgets/kind-labels';
import { MAX_MEASURE_ROWS } from './card-size';

export interface CardData extends Record<string, unknown> {
  node: NodeData;
  /** The board column of a bet or an initiative (null for the vision and goals). */
  column: string | null;
  /** Signals about this node, one per line (null: none). */
  signals: string | null;
  /** What its subtree has learned, e.g. "3 for, 1 against, 1 stopped" (null: nothing yet). */
  learned: string | null;
  /** The same, as it fits on the card: "▲3 ▼1". */
  learnedShort: string | null;
  /** Added or changed since the snapshot being compared (null: not comparing, or same). */
  change: 'added' | 'changed' | null;
  /** Ended on purpose (see shared/model/stopping.ts). */
  stopped: boolean;
  /** Our rename lost to this person's ('' unknown); null: no rename notice. */
  renamedBy: string | null;
  /** Its latest revealed vote, budget or score (null: none). */
  result: ItemResult | null;
  childCount: number;
  collapsed: boolean;
  selected: boolean;
  match: boolean;
  /** Being renamed: the rename field (TitleEditor) is drawn over the card. */
  editing: boolean;
  onToggle(id: string): void;
}

export type CardNode = Node<CardData, 'card'>;

const format = (n: number | null) =>
  n === null ? '–' : Number.isInteger(n) ? String(n) : n.toFixed(1);

export const NodeCard = memo(function NodeCard({ data }: NodeProps<CardNode>) {
  const {
    node,
    column,
    signals,
    learned,
    learnedShort,
    change,
    stopped,
    renamedBy,
    result,
    childCount,
    collapsed,
    selected,
    match,
    editing,
    onToggle,
  } = data;
  const title = node.title || `Untitled ${KIND_LABEL[node.kind].toLowerCase()}`;
  const openAssumptions = node.assumptions.filter((a) => a.state === 'open').length;
  const signalCount = signals ? signals.split('\n').length : 0;
  return (
    <div
      className={`card kind-${node.kind}${selected ? ' selected' : ''}${match ? ' match' : ''}${change ? ` since-${change}` : ''}${editing ? ' editing' : ''}${stopped ? ' stopped' : ''}`}
      role="group"
      aria-label={`${KIND_LABEL[node.kind]} card: ${title}${stopped ? ', stopped' : ''}`}
      aria-describedby={signals ? `signals-${node.id}` : undefined}
    >
      <Handle type="target" position={Position.Top} isConnectable={false} />
      <div className="card-head">
        <span className="card-kind">{KIND_LABEL[node.kind]}</span>
        {node.confidence !== null && (
          <span className="card-confidence" title="Confidence">
            {node.confidence}%
          </span>
        )}
        {result && <ResultBadge result={result} className="card-result" />}
        {openAssumptions > 0 && (
          <span
            className="card-badge"
            title={`${openAssumptions} open assumption${openAssumptions > 1 ? 's' : ''}`}
          >
            ? {openAssumptions}
          </span>
        )}
        {learned && (
          <span className="card-badge card-learned" title={`Learned here and below: ${learned}`}>
            <span aria-hidden="true">{learnedShort}</span>
            <span className="visually-hidden">Learned here and below: {learned}</span>
          </span>
        )}
        {change && (
          <span className="card-badge card-change">{change === 'added' ? 'New' : 'Changed'}</span>
        )}
        {signals && (
          <span className="card-badge card-signal" title={signals}>
            <span aria-hidden="true">⚑ {signalCount}</span>
            <span id={`signals-${node.id}`} className="visually-hidden">
              {signalCount === 1 ? '1 signal' : `${signalCount} signals`}: {signals}
            </span>
          </span>
        )}
      </div>
      <div className={node.title ? 'card-title' : 'card-title muted'}>{title}</div>
      {renamedBy !== null && (
        <div className="card-meta card-renamed">Renamed by {renamedBy || 'someone else'}</div>
      )}
      <div className="card-meta muted" hidden={renamedBy !== null}>
        {node.owner || 'No owner'}
        {/* Stopped says so even on a board whose Stopped column was renamed or removed. */}
        {stopped ? (
          <span className="card-stopped">
            {' '}
            · Stopped{column && !/stopped/i.test(column) ? ` (${column})` : ''}
          </span>
        ) : column ? (
          ` · ${column}`
        ) : (
          ''
        )}
      </div>
      {node.measures.slice(0, MAX_MEASURE_ROWS).map((m) => {
        const p = measureProgress(m)?.ratio ?? null;
        return (
          <div
            className="card-measure"
            key={m.id}
            title={`${m.name}: ${format(m.current)} of ${format(m.target)} ${m.unit}`}
          >
            <span className="measure-name">{m.name || 'Measure'}</span>
            <span className="measure-bar" aria-hidden="true">
              <span style={{ width: `${Math.round((p ?? 0) * 100)}%` }} />
            </span>
            <span className="measure-value">
              {format(m.current)}/{format(m.target)}
            </span>
          </div>
        );
      })}
      {childCount > 0 && (
        <button
          type="button"
          className="card-toggle nodrag"
          aria-label={`${collapsed ? 'Expand' : 'Collapse'} ${title} (${childCount} below)`}
          onClick={(e) => {
            e.stopPropagation();
            onToggle(node.id);
          }}
        >
          {collapsed ? `+${childCount}` : '−'}
        </button>
      )}
      <Handle type="source" position={Position.Bottom} isConnectable={false} />
    </div>
  );
});
