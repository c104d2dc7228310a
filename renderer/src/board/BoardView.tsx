/**
 * The Portfolio Kanban: the tree's bets and initiatives as cards in columns. Moving a
 * card records a move in the shared document (CanopyDoc.moveCard); the column, age
 * and stalled marks are derived from that history, so every peer sees the same board.
 *
 * Drag and drop is dnd-kit's (pointer); the keyboard alternative is Shift+← / Shift+→
 * on a focused card, and the Board column field in the details panel.
 */
import {
  DndContext,
  PointerSensor,
  useDraggable,
  useDroppable,
  useSensor,
  useSensors,
  type DragEndEvent,
} from '@dnd-kit/core';
import { CSS } from '@dnd-kit/utilities';
import { memo, useEffect, useMemo, useRef, useState } from 'react';
import { useStore } from 'zustand';
import { boardCards } from '../../../shared/flow/cards';
import { decisionRequests } from '../../../shared/flow/learning';
import {
  ageInColumn,
  DAY_MS,
  decisionWaits,
  isPending,
  median,
  stalledItems,
  wipByColumn,
} from '../../../shared/flow/metrics';
import {
  cardColumn,
  stoppedSet,
  type BoardColumn,
  type CanopyDoc,
  type NodeData,
} from '../../../shared/model';
import type { createDocStore } from '../document/doc-store';
import type { ViewStore } from '../document/view-store';
import { KIND_LABEL } from '../widgets/kind-labels';
import { attempt } from '../tree/tree-keys';
import {
  boardLanes,
  filterChoices,
  NO_FILTERS,
  type BoardFilters,
  type LaneMode,
} from './board-lanes';
import { ColumnDialog } from './ColumnDialog';
import { formatDuration } from '../widgets/durations';
import { useNow } from '../widgets/useNow';
import './board.css';

interface Props {
  store: ReturnType<typeof createDocStore>;
  view: ViewStore;
  model: CanopyDoc;
}

const LANES_KEY = 'canopy.board.lanes';
const readLanes = (): LaneMode => {
  const v = localStorage.getItem(LANES_KEY);
  return v === 'goal' || v === 'bet' ? v : 'none';
};

export function BoardView({ store, view, model }: Props) {
  const doc = useStore(store);
  const selected = useStore(view, (s) => s.selected);
  const notice = useStore(view, (s) => s.notice);
  const now = useNow();
  const [filters, setFilters] = useState<BoardFilters>(NO_FILTERS);
  const [laneMode, setLaneMode] = useState<LaneMode>(readLanes);
  const [editing, setEditing] = useState<string | 'new' | null>(null);
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 5 } }));

  const columns = doc.board.columns;
  const flowCards = useMemo(
    () => boardCards(doc.nodes, doc.order, doc.board),
    [doc.nodes, doc.order, doc.board],
  );
  const wip = useMemo(() => wipByColumn(flowCards, columns, now), [flowCards, columns, now]);
  const stalled = useMemo(
    () =>
      new Map(
        stalledItems(flowCards, columns, now, doc.board.settings.stalledDays * DAY_MS).map((s) => [
          s.card.id,
          s,
        ]),
      ),
    [flowCards, columns, now, doc.board.settings],
  );
  const ages = useMemo(
    () => new Map(flowCards.map((c) => [c.id, ageInColumn(c, columns, now)])),
    [flowCards, columns, now],
  );
  const lanes = useMemo(() => boardLanes(doc, filters, laneMode), [doc, filters, laneMode]);
  const latency = useMemo(() => {
    const requests = decisionRequests(doc.learning);
    const waits = decisionWaits(flowCards, columns, now, requests);
    const taken = waits.filter((w) => w.decidedAt !== null).map((w) => w.ms);
    return {
      median: median(taken),
      taken: taken.length,
      waiting: waits.filter(isPending).length,
      left: waits.filter((w) => w.leftAt !== null).length,
    };
  }, [doc.learning, flowCards, columns, now]);
  const awaiting = useMemo(
    () =>
      new Set(
        [...doc.learning.decisionsByNode.values()]
          .flat()
          .filter((d) => d.outcome === null)
          .map((d) => d.nodeId),
      ),
    [doc.learning],
  );
  const choices = useMemo(() => filterChoices(doc), [doc]);
  const stopped = useMemo(() => stoppedSet(doc), [doc]);

  const move = (cardId: string, columnId: string) =>
    attempt(view.getState(), () => model.moveCard(cardId, columnId));

  // Arriving with a card selected (from Signals or the tree): show it, keyboard on it.
  useEffect(() => {
    const id = view.getState().selected;
    const el = id && document.querySelector<HTMLElement>(`.board-card[data-id="${id}"]`);
    if (el) {
      el.scrollIntoView({ block: 'nearest', inline: 'nearest' });
      el.focus();
    }
  }, [view]);

  // Say so when a column goes over its limit, whoever moved the card and from where.
  const overBefore = useRef<Set<string> | null>(null);
  useEffect(() => {
    const over = new Set(wip.filter((w) => w.over).map((w) => w.column.id));
    const newly = overBefore.current
      ? wip.find((w) => w.over && !overBefore.current!.has(w.column.id))
      : undefined;
    overBefore.current = over;
    if (newly)
      view
        .getState()
        .setNotice(
          `${newly.column.name} is over its WIP limit (${newly.count} of ${newly.column.wipLimit}).`,
        );
  }, [wip, view]);

  const onDragEnd = ({ active, over }: DragEndEvent) => {
    const target = over?.data.current?.column as string | undefined;
    if (target) move(String(active.id), target);
  };

  const onCardKey = (e: React.KeyboardEvent, card: NodeData) => {
    if (e.shiftKey && (e.key === 'ArrowLeft' || e.key === 'ArrowRight')) {
      e.preventDefault();
      const index = columns.findIndex((c) => c.id === cardColumn(doc.board, card.id).id);
      const next = columns[index + (e.key === 'ArrowRight' ? 1 : -1)];
      if (next) move(card.id, next.id);
      // Keep the keyboard on the card in its new column.
      requestAnimationFrame(() =>
        document.querySelector<HTMLElement>(`.board-card[data-id="${card.id}"]`)?.focus(),
      );
    } else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      view.getState().select(card.id);
    }
  };

  const laneCount = lanes.length;
  const totalCards = lanes.reduce((n, l) => n + l.cards.length, 0);

  return (
    <section className="board" aria-label="Board">
      <div className="board-toolbar" role="toolbar" aria-label="Board filters">
        <label>
          Swimlanes{' '}
          <select
            value={laneMode}
            onChange={(e) => {
              const mode = e.target.value as LaneMode;
              localStorage.setItem(LANES_KEY, mode);
              setLaneMode(mode);
            }}
          >
            <option value="none">None</option>
            <option value="goal">By goal</option>
            <option value="bet">By bet</option>
          </select>
        </label>
        <label>
          Kind{' '}
          <select
            value={filters.kind}
            onChange={(e) =>
              setFilters({ ...filters, kind: e.target.value as BoardFilters['kind'] })
            }
          >
            <option value="all">Bets and initiatives</option>
            <option value="bet">Bets</option>
            <option value="initiative">Initiatives</option>
          </select>
        </label>
        <label>
          Owner{' '}
          <select
            value={filters.owner ?? ''}
            onChange={(e) => setFilters({ ...filters, owner: e.target.value || null })}
          >
            <option value="">Anyone</option>
            {choices.owners.map((o) => (
              <option key={o} value={o}>
                {o}
              </option>
            ))}
          </select>
        </label>
        <label>
          Tag{' '}
          <select
            value={filters.tag ?? ''}
            onChange={(e) => setFilters({ ...filters, tag: e.target.value || null })}
          >
            <option value="">Any tag</option>
            {choices.tags.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </label>
        <span className="spacer" />
        <span className="board-latency" aria-label="Decision latency">
          Decision latency:{' '}
          <strong>
            {latency.median === null ? 'none decided yet' : formatDuration(latency.median)}
          </strong>
          {latency.taken > 1 && <span className="muted"> (median of {latency.taken})</span>}
          {latency.waiting > 0 && <span className="muted"> · {latency.waiting} waiting</span>}
          {latency.left > 0 && (
            <span className="muted"> · {latency.left} left without a decision</span>
          )}
        </span>
        <span className="muted board-hint">Shift+← → moves the focused card</span>
        {!doc.readOnly && (
          <button type="button" onClick={() => setEditing('new')}>
            Add column
          </button>
        )}
      </div>
      {notice && (
        <p role="alert" className="notice">
          {notice}
        </p>
      )}
      {totalCards === 0 ? (
        <div className="empty-state board-empty">
          <p>No cards to show.</p>
          <p className="muted">
            {filters === NO_FILTERS
              ? 'Bets and initiatives of the tree appear here as cards. Add a bet under a goal to start.'
              : 'No card matches these filters. Choose “Anyone” or “Any tag” to see them all.'}
          </p>
        </div>
      ) : (
        <DndContext sensors={sensors} onDragEnd={onDragEnd}>
          <div className="board-grid" style={{ ['--columns' as string]: columns.length }}>
            <div className="board-row board-heads">
              {columns.map((column) => (
                <ColumnHead
                  key={column.id}
                  column={column}
                  count={wip.find((w) => w.column.id === column.id)?.count ?? 0}
                  readOnly={doc.readOnly}
                  onEdit={() => setEditing(column.id)}
                />
              ))}
            </div>
            {lanes.map((lane) => (
              <div
                key={lane.id ?? 'none'}
                className="board-lane"
                role="group"
                aria-label={
                  laneCount > 1 || laneMode !== 'none' ? `Lane: ${lane.title}` : undefined
                }
              >
                {laneMode !== 'none' && <h3 className="lane-title">{lane.title}</h3>}
                <div className="board-row">
                  {columns.map((column) => (
                    <ColumnCell
                      key={column.id}
                      laneId={lane.id}
                      column={column}
                      cards={lane.cards.filter((c) => cardColumn(doc.board, c.id).id === column.id)}
                      selected={selected}
                      ages={ages}
                      stalled={stalled}
                      awaiting={awaiting}
                      stopped={stopped}
                      readOnly={doc.readOnly}
                      onSelect={(id) => view.getState().select(id)}
                      onKey={onCardKey}
                    />
                  ))}
                </div>
              </div>
            ))}
          </div>
        </DndContext>
      )}
      {editing && (
        <ColumnDialog
          model={model}
          view={view}
          column={editing === 'new' ? null : (columns.find((c) => c.id === editing) ?? null)}
          columns={columns}
          onClose={() => setEditing(null)}
        />
      )}
    </section>
  );
}

function ColumnHead({
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
  readOnly: boolean;
  onSelect(id: string): void;
  onKey(e: React.KeyboardEvent, card: NodeData): void;
}

/** Cards shown per column and lane before "Show all": a big tree has thousands. */
const CELL_CARDS = 50;

function ColumnCell({
  laneId,
  column,
  cards,
  selected,
  ages,
  stalled,
  awaiting,
  stopped,
  readOnly,
  onSelect,
  onKey,
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
          readOnly={readOnly}
          onSelect={onSelect}
          onKey={onKey}
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
  readOnly,
  onSelect,
  onKey,
}: {
  card: NodeData;
  column: string;
  selected: boolean;
  ageMs: number;
  stalled: boolean;
  awaiting: boolean;
  stopped: boolean;
  readOnly: boolean;
  onSelect(id: string): void;
  onKey(e: React.KeyboardEvent, card: NodeData): void;
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
  const marks = [stalled && 'Stalled', awaiting && 'Decision requested', stopped && 'Stopped'];
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
        onKeyDown={(e) => onKey(e, card)}
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
        {stalled && <span className="badge badge-warning">Stalled</span>}{' '}
        {awaiting && <span className="badge">Decision requested</span>}{' '}
        {stopped && <span className="stopped-tag">Stopped</span>}
      </div>
    </li>
  );
});
