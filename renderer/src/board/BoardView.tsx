/**
 * The Portfolio Kanban: the tree's bets and initiatives as cards in columns. Moving a
 * card records a move in the shared document (CanopyDoc.moveCard); the column, age
 * and stalled marks are derived from that history, so every peer sees the same board.
 *
 * Drag and drop is dnd-kit's (pointer); the keyboard alternatives are Shift+← / Shift+→
 * on a focused card, its context menu (Move to …), and the Board column field in the
 * details panel.
 */
import { DndContext, PointerSensor, useSensor, useSensors, type DragEndEvent } from '@dnd-kit/core';
import { useEffect, useMemo, useRef, useState } from 'react';
import {
  ageInColumn,
  DAY_MS,
  decisionWaits,
  isPending,
  median,
  stalledItems,
  wipByColumn,
} from '../../../shared/flow/metrics';
import { cardColumn } from '../../../shared/model';
import { itemIdAt, useCommandSurface } from '../commands/useCommandSurface';
import { useDoc, useDocSlices, useDocument, useView } from '../document/document-context';
import {
  selectAwaitingDecision,
  selectBoardCards,
  selectDecisionRequests,
  selectLatestResults,
  selectStopped,
} from '../document/selectors';
import { orderingRound, sortByRound } from '../document/round-results';
import { BoardOrderControl, useBoardOrder } from './BoardOrder';
import { MoveTopDialog } from './MoveTopDialog';
import { useMoveTopDialog } from './move-top';
import { attempt } from '../document/attempt';
import {
  boardLanes,
  filterChoices,
  NO_FILTERS,
  type BoardFilters,
  type LaneMode,
} from './board-lanes';
import { ColumnCell, ColumnHead } from './BoardColumns';
import { ColumnDialog } from './ColumnDialog';
import { formatDuration } from '../widgets/durations';
import { useNow } from '../widgets/useNow';
import './board.css';

const LANES_KEY = 'canopy.board.lanes';
const readLanes = (): LaneMode => {
  const v = localStorage.getItem(LANES_KEY);
  return v === 'goal' || v === 'bet' ? v : 'none';
};

export function BoardView() {
  const { id: docId, model, view } = useDocument();
  const doc = useDocSlices((s) => ({
    order: s.order,
    nodes: s.nodes,
    parentOf: s.parentOf,
    board: s.board,
    readOnly: s.readOnly,
  }));
  const rounds = useDoc((s) => s.rounds);
  const results = useDoc(selectLatestResults);
  const [order, setOrder] = useBoardOrder(docId);
  const ordering = orderingRound(rounds, order);
  const moveTopOpen = useMoveTopDialog((s) => s.docId === docId);
  const closeMoveTop = useMoveTopDialog((s) => s.open);
  const selected = useView((s) => s.selected);
  const notice = useView((s) => s.notice);
  const now = useNow();
  const [filters, setFilters] = useState<BoardFilters>(NO_FILTERS);
  const [laneMode, setLaneMode] = useState<LaneMode>(readLanes);
  const [editing, setEditing] = useState<string | 'new' | null>(null);
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 5 } }));

  const columns = doc.board.columns;
  const flowCards = useDoc(selectBoardCards);
  const requests = useDoc(selectDecisionRequests);
  const awaiting = useDoc(selectAwaitingDecision);
  const stopped = useDoc(selectStopped);
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
    const waits = decisionWaits(flowCards, columns, now, requests);
    const taken = waits.filter((w) => w.decidedAt !== null).map((w) => w.ms);
    return {
      median: median(taken),
      taken: taken.length,
      waiting: waits.filter(isPending).length,
      left: waits.filter((w) => w.leftAt !== null).length,
    };
  }, [requests, flowCards, columns, now]);
  const choices = useMemo(() => filterChoices(doc), [doc]);

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

  // Keys and context menus on a card are the board's commands (board-commands.ts).
  const section = useRef<HTMLElement>(null);
  const cardEl = (id: string) =>
    section.current?.querySelector<HTMLElement>(`.board-card[data-id="${CSS.escape(id)}"]`) ?? null;
  useCommandSurface(section, (el) => {
    const id = itemIdAt(el, '.board-card');
    if (!id) return null;
    return {
      id,
      surface: 'board',
      visible: [],
      focus: (to) => cardEl(to)?.focus(),
      rect: () => cardEl(id)?.getBoundingClientRect() ?? null,
    };
  });

  const laneCount = lanes.length;
  const totalCards = lanes.reduce((n, l) => n + l.cards.length, 0);

  return (
    <section ref={section} className="board" aria-label="Board">
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
        <BoardOrderControl
          docId={docId}
          rounds={rounds}
          order={order}
          onOrder={setOrder}
          readOnly={doc.readOnly}
        />
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
                      cards={sortByRound(
                        lane.cards.filter((c) => cardColumn(doc.board, c.id).id === column.id),
                        ordering,
                      )}
                      results={results}
                      selected={selected}
                      ages={ages}
                      stalled={stalled}
                      awaiting={awaiting}
                      stopped={stopped}
                      readOnly={doc.readOnly}
                      onSelect={(id) => view.getState().select(id)}
                    />
                  ))}
                </div>
              </div>
            ))}
          </div>
        </DndContext>
      )}
      {moveTopOpen && (
        <MoveTopDialog
          rounds={[...rounds.rounds].reverse().filter((r) => r.kind !== 'prompt')}
          initialRound={ordering?.id ?? null}
          onClose={() => closeMoveTop(null)}
        />
      )}
      {editing && (
        <ColumnDialog
          column={editing === 'new' ? null : (columns.find((c) => c.id === editing) ?? null)}
          columns={columns}
          onClose={() => setEditing(null)}
        />
      )}
    </section>
  );
}
