/** The board's columns: a head with its count and limit, and a cell of cards per lane. */
import { useDraggable, useDroppable } from '@dnd-kit/core';
import { CSS } from '@dnd-kit/utilities';
import { memo, useState } from 'react';
import type { BoardColumn, ItemResult, NodeData } from '../../../shared/model';
import { badgeLabel } from '../document/round-results';
import { ResultBadge } from '../document/ResultBadge';
import { formatDuration } from '../widgets/durations';
import { KIND_LABEL } from '../widgets/kind-labels';

export function ColumnHead({
  column,
  count,
  readOnly,
  onEdit,
}: {
  column: BoardColumn;
  count: number;
  readOnly: boolean;
  onEdit(): void;
}) {
  const over = column.wipLimit !== null && count > column.wipLimit;
  return (
    <div className={`column-head stage-${column.stage}${over ? ' over' : ''}`}>
      <h2 className="column-name">{column.name}</h2>
      <span
        className="column-count"
        aria-label={
          column.wipLimit === null
            ? `${count} cards`
            : `${count} cards, WIP limit ${column.wipLimit}`
        }
      >
        {count}
        {column.wipLimit !== null && ` / ${column.wipLimit}`}
      </span>
      {over && (
        <span className="badge badge-warning" role="status">
          Over WIP limit
        </span>
      )}
      {column.awaitingDecision && <span className="badge">Awaiting decision</span>}
      {!readOnly && (
        <button
          type="button"
          className="ghost icon-button"
          aria-label={`Settings of column ${column.name}`}
          title="Column settings"
          onClick={onEdit}
        >
          ⋯
        </button>
      )}
    </div>
  );
}

interface CellProps {
  laneId: string | null;
  column: BoardColumn;
  cards: NodeData[];
  selected: string | null;
  ages: ReadonlyMap<string, number>;
  stalled: ReadonlyMap<string, { quietMs: number }>;
  awaiting: ReadonlySet<string>;
  stopped: ReadonlySet<string>;
  /** Each card's latest revealed vote, budget or score. */
  results: ReadonlyMap<string, ItemResult>;
  readOnly: boolean;
  onSelect(id: string): void;
}

/** Cards shown per column and lane before "Show all": a big tree has thousands. */
const CELL_CARDS = 50;

export function ColumnCell({
  laneId,
  column,
  cards,
  selected,
  ages,
  stalled,
  awaiting,
  stopped,
  results,
  readOnly,
  onSelect,
}: CellProps) {
  const [all, setAll] = useState(false);
  const shown = all ? cards : cards.slice(0, CELL_CARDS);
  const { setNodeRef, isOver } = useDroppable({
    id: `${laneId ?? '-'}:${column.id}`,
    data: { column: column.id },
    disabled: readOnly,
  });
  return (
    <ul
      ref={setNodeRef}
      className={`column-cell${isOver ? ' drop-target' : ''}`}
      aria-label={`${column.name}: ${cards.length} cards`}
    >
      {shown.map((card) => (
        <BoardCard
          key={card.id}
          card={card}
          column={column.name}
          selected={card.id === selected}
          ageMs={ages.get(card.id) ?? 0}
          stalled={stalled.has(card.id)}
          awaiting={awaiting.has(card.id)}
          stopped={stopped.has(card.id)}
          result={results.get(card.id) ?? null}
          readOnly={readOnly}
          onSelect={onSelect}
        />
      ))}
      {shown.length < cards.length && (
        <li className="column-more">
          <button type="button" className="ghost" onClick={() => setAll(true)}>
            Show all {cards.length} cards in {column.name}
          </button>
        </li>
      )}
    </ul>
  );
}

const BoardCard = memo(function BoardCard({
  card,
  column,
  selected,
  ageMs,
  stalled,
  awaiting,
  stopped,
  result,
  readOnly,
  onSelect,
}: {
  card: NodeData;
  column: string;
  selected: boolean;
  ageMs: number;
  stalled: boolean;
  awaiting: boolean;
  stopped: boolean;
  result: ItemResult | null;
  readOnly: boolean;
  onSelect(id: string): void;
}) {
  const { attributes, listeners, setNodeRef, transform, isDragging } = useDraggable({
    id: card.id,
    disabled: readOnly,
  });
  const title = card.title || `Untitled ${KIND_LABEL[card.kind].toLowerCase()}`;
  const age = formatDuration(ageMs);
  const owner = card.owner || 'No owner';
  // The name says what the card shows, in its order (people who see it and hear it get
  // the same words); where it is and for how long is its description.
  const marks = [
    result && badgeLabel(result),
    stalled && 'Stalled',
    awaiting && 'Decision requested',
    stopped && 'Stopped',
  ];
  return (
    <li className="board-card-slot">
      <div
        ref={setNodeRef}
        {...attributes}
        {...listeners}
        role="button"
        tabIndex={0}
        aria-roledescription="card"
        aria-pressed={selected}
        aria-label={[`${KIND_LABEL[card.kind]}: ${title}. ${owner} · ${age}`, ...marks]
          .filter(Boolean)
          .join('. ')}
        aria-describedby={`where-${card.id}`}
        data-id={card.id}
        className={`board-card kind-${card.kind}${selected ? ' selected' : ''}${isDragging ? ' dragging' : ''}${stopped ? ' stopped' : ''}`}
        style={{ transform: CSS.Translate.toString(transform) }}
        onClick={() => onSelect(card.id)}
      >
        {/* Spaces between the parts: read as text, they are words, not "BetBring…". */}
        <span className="board-card-kind">{KIND_LABEL[card.kind]}</span>{' '}
        <span className="board-card-title">{title}</span>{' '}
        <span className="board-card-meta muted">
          {owner} · {age}
        </span>{' '}
        <span id={`where-${card.id}`} className="visually-hidden">
          In {column} for {age}
        </span>
        {result && <ResultBadge result={result} className="board-card-result" />}{' '}
        {stalled && <span className="badge badge-warning">Stalled</span>}{' '}
        {awaiting && <span className="badge">Decision requested</span>}{' '}
        {stopped && <span className="stopped-tag">Stopped</span>}
      </div>
    </li>
  );
});
