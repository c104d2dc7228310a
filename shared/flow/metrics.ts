/**
 * Flow metrics over the board's history: pure functions of the cards, the columns
 * and a clock (`now`), so they are tested on fixed histories and the UI passes the
 * real time. Everything is measured from recorded column changes, never reported.
 *
 * Clocks disagree between peers. A move's order is its Lamport position (seq, client,
 * id), which every replica agrees on; its wall-clock `at` comes from the mover's
 * machine. So times are made consistent along that order before anything is
 * measured: a move never counts as earlier than the move before it (a peer whose
 * clock is behind cannot make a duration negative), and never as later than `now`
 * (a peer whose clock is ahead cannot make an age negative). Durations across
 * peers are then as good as their clocks, and never nonsense.
 */
import { DEFAULT_BOARD_SETTINGS, type BoardColumn, type CardMove } from '../model/board';

export const DAY_MS = 24 * 60 * 60 * 1000;
export const WEEK_MS = 7 * DAY_MS;

/** What the metrics need of a card: when it was made and edited, and its moves. */
export interface FlowCard {
  id: string;
  createdAt: number;
  editedAt: number;
  /** Lamport order, oldest first (as BoardState.movesByCard has them). */
  moves: readonly CardMove[];
}

/** One stretch of time a card spent in one column. */
export interface Stay {
  column: BoardColumn;
  from: number;
  /** null: still there. */
  to: number | null;
}

/** The move times made monotonic along the Lamport order and clamped to now. */
export function effectiveTimes(card: FlowCard, now: number): number[] {
  const times: number[] = [];
  let last = Math.min(card.createdAt, now);
  for (const move of card.moves) {
    last = Math.min(Math.max(move.at, last), now);
    times.push(last);
  }
  return times;
}

const columnFinder = (columns: readonly BoardColumn[]) => {
  const byId = new Map(columns.map((c) => [c.id, c]));
  // A move to a removed column counts as the first column, as the board shows it.
  return (id: string | undefined) => (id !== undefined && byId.get(id)) || columns[0]!;
};

// Several metrics read the same cards' stays for one `now`: each card's are computed
// once (signals over 5,000 cards went from about 40 to about 15 ms).
const stayCache = new WeakMap<
  FlowCard,
  { columns: readonly BoardColumn[]; now: number; stays: Stay[] }
>();

/** The card's stays in columns, oldest first: from its creation (first column) to now. */
export function stays(card: FlowCard, columns: readonly BoardColumn[], now: number): Stay[] {
  const cached = stayCache.get(card);
  if (cached && cached.columns === columns && cached.now === now) return cached.stays;
  const out = computeStays(card, columns, now);
  stayCache.set(card, { columns, now, stays: out });
  return out;
}

function computeStays(card: FlowCard, columns: readonly BoardColumn[], now: number): Stay[] {
  const column = columnFinder(columns);
  const times = effectiveTimes(card, now);
  const out: Stay[] = [
    { column: column(undefined), from: Math.min(card.createdAt, now), to: null },
  ];
  card.moves.forEach((move, i) => {
    const at = times[i]!;
    const next = column(move.to);
    const current = out[out.length - 1]!;
    if (next.id === current.column.id) return; // a concurrent duplicate: no change
    current.to = at;
    out.push({ column: next, from: at, to: null });
  });
  return out;
}

export const currentStay = (card: FlowCard, columns: readonly BoardColumn[], now: number) =>
  stays(card, columns, now).at(-1)!;

// ── WIP ────────────────────────────────────────────────────────────────────

export interface ColumnWip {
  column: BoardColumn;
  count: number;
  /** True when a limit is set and the count is above it (soft: nothing is blocked). */
  over: boolean;
}

export function wipByColumn(
  cards: readonly FlowCard[],
  columns: readonly BoardColumn[],
  now: number,
): ColumnWip[] {
  const counts = new Map(columns.map((c) => [c.id, 0]));
  for (const card of cards) {
    const id = currentStay(card, columns, now).column.id;
    counts.set(id, counts.get(id)! + 1);
  }
  return columns.map((column) => {
    const count = counts.get(column.id)!;
    return { column, count, over: column.wipLimit !== null && count > column.wipLimit };
  });
}

/** Cards in all active columns together. */
export const activeWip = (wip: readonly ColumnWip[]) =>
  wip.filter((w) => w.column.stage === 'active').reduce((n, w) => n + w.count, 0);

// ── Age and stalled ────────────────────────────────────────────────────────

/** Time since the card entered its current column. */
export const ageInColumn = (card: FlowCard, columns: readonly BoardColumn[], now: number) =>
  now - currentStay(card, columns, now).from;

export interface StalledItem {
  card: FlowCard;
  column: BoardColumn;
  /** Since the last column change (not the last edit): how long it has sat there. */
  ageMs: number;
  /** Since the last column change or edit, whichever is later. */
  quietMs: number;
}

/**
 * Active cards with no column change and no edit for longer than the threshold. The
 * age reported is counted from the last column change.
 */
export function stalledItems(
  cards: readonly FlowCard[],
  columns: readonly BoardColumn[],
  now: number,
  thresholdMs = DEFAULT_BOARD_SETTINGS.stalledDays * DAY_MS,
): StalledItem[] {
  const out: StalledItem[] = [];
  for (const card of cards) {
    const stay = currentStay(card, columns, now);
    if (stay.column.stage !== 'active') continue;
    const lastActivity = Math.max(stay.from, Math.min(card.editedAt, now));
    const quietMs = now - lastActivity;
    if (quietMs > thresholdMs)
      out.push({ card, column: stay.column, ageMs: now - stay.from, quietMs });
  }
  return out.sort((a, b) => b.ageMs - a.ageMs);
}

// ── Decision latency ───────────────────────────────────────────────────────

/** A recorded decision record's times, as decision latency reads them. */
export interface DecisionTimes {
  card: string;
  requestedAt: number;
  /** null: still open. */
  decidedAt: number | null;
}

/** A wait for a decision: answered by a recorded decision, still open, or given up on. */
export interface DecisionWait {
  card: string;
  /** When the wait began: the card entered an awaiting-decision column, or a decision was requested. */
  requestedAt: number;
  /** When a recorded decision answered it (null: not answered). */
  decidedAt: number | null;
  /** When the card left the awaiting-decision column with no decision recorded (null: it did not). */
  leftAt: number | null;
  /** The awaiting-decision column it waited in (null: a request made outside one). */
  column: BoardColumn | null;
  /** Answered: how long it took; open: how long so far; left: how long it sat. */
  ms: number;
}

/** Whether a wait is still open: neither answered nor left. */
export const isPending = (w: DecisionWait) => w.decidedAt === null && w.leftAt === null;

// At one instant: arriving and asking come before deciding, and deciding before leaving
// (a stop records its decision and its move to Stopped at the same time).
const EVENT_ORDER = { enter: 0, request: 1, decide: 2, leave: 3 } as const;
type WaitEvent = { at: number; type: keyof typeof EVENT_ORDER; column?: BoardColumn };

/**
 * Waits for decisions, oldest first. A wait begins when a card enters an
 * awaiting-decision column or a decision on it is requested, whichever comes first,
 * and ends when a decision is recorded: only those count as decision latency. A card
 * that leaves the column with no decision recorded and no request open has *left
 * without a decision* (moving a card through the column is not deciding). A decision
 * recorded with no wait before it (not requested, not in such a column) was taken on
 * the spot and is not a wait.
 */
export function decisionWaits(
  cards: readonly FlowCard[],
  columns: readonly BoardColumn[],
  now: number,
  decisions: readonly DecisionTimes[] = [],
): DecisionWait[] {
  const byCard = new Map<string, WaitEvent[]>();
  const eventsOf = (card: string) => {
    let list = byCard.get(card);
    if (!list) byCard.set(card, (list = []));
    return list;
  };
  for (const card of cards) {
    let waiting = false;
    for (const stay of stays(card, columns, now)) {
      // Going from one awaiting column to another is one wait.
      if (stay.column.awaitingDecision && !waiting)
        eventsOf(card.id).push({ at: stay.from, type: 'enter', column: stay.column });
      else if (!stay.column.awaitingDecision && waiting)
        eventsOf(card.id).push({ at: stay.from, type: 'leave' });
      waiting = stay.column.awaitingDecision;
    }
  }
  for (const d of decisions) {
    const requestedAt = Math.min(d.requestedAt, now);
    const decidedAt =
      d.decidedAt === null ? null : Math.max(requestedAt, Math.min(d.decidedAt, now));
    const events = eventsOf(d.card);
    if (decidedAt === null) events.push({ at: requestedAt, type: 'request' });
    else {
      if (decidedAt > requestedAt) events.push({ at: requestedAt, type: 'request' });
      events.push({ at: decidedAt, type: 'decide' });
    }
  }

  const out: DecisionWait[] = [];
  for (const [card, events] of byCard) {
    events.sort((a, b) => a.at - b.at || EVENT_ORDER[a.type] - EVENT_ORDER[b.type]);
    let open: { from: number; column: BoardColumn | null } | null = null;
    let requests = 0;
    const close = (at: number, how: 'decided' | 'left') => {
      out.push({
        card,
        requestedAt: open!.from,
        decidedAt: how === 'decided' ? at : null,
        leftAt: how === 'left' ? at : null,
        column: open!.column,
        ms: at - open!.from,
      });
      open = null;
    };
    for (const e of events) {
      if (e.type === 'enter') {
        if (open) open.column ??= e.column!;
        else open = { from: e.at, column: e.column! };
      } else if (e.type === 'request') {
        requests++;
        open ??= { from: e.at, column: null };
      } else if (e.type === 'decide') {
        requests = Math.max(0, requests - 1);
        if (open) close(e.at, 'decided');
      } else if (open && requests === 0) close(e.at, 'left');
    }
    if (open) {
      const { from, column } = open;
      out.push({ card, requestedAt: from, decidedAt: null, leftAt: null, column, ms: now - from });
    }
  }
  return out.sort((a, b) => a.requestedAt - b.requestedAt);
}

// ── Cycle time and throughput ──────────────────────────────────────────────

export interface Completion {
  card: string;
  /** First entry into an active (or done) column: when work started. */
  startedAt: number;
  /** The entry into Done that still holds. */
  doneAt: number;
  cycleMs: number;
}

/**
 * Cards done now, with their cycle time. A card that went back from Done to work is
 * not done; when it returns, its cycle ends at the last entry into Done and still
 * starts at its first start. Stopped cards are not completions (see stoppedItems).
 */
export function completions(
  cards: readonly FlowCard[],
  columns: readonly BoardColumn[],
  now: number,
): Completion[] {
  const out: Completion[] = [];
  for (const card of cards) {
    const all = stays(card, columns, now);
    const last = all.at(-1)!;
    if (last.column.stage !== 'done') continue;
    const start = all.find((s) => s.column.stage === 'active' || s.column.stage === 'done')!;
    out.push({
      card: card.id,
      startedAt: start.from,
      doneAt: last.from,
      cycleMs: last.from - start.from,
    });
  }
  return out.sort((a, b) => a.doneAt - b.doneAt);
}

/** Monday 00:00 UTC of the week holding `t`. */
export function weekStart(t: number): number {
  const day = Math.floor(t / DAY_MS);
  // 1970-01-01 was a Thursday: day 0 is weekday 3 counting from Monday = 0.
  const weekday = (day + 3) % 7;
  return (day - weekday) * DAY_MS;
}

/** Completions per week, for the `weeks` weeks up to now (oldest first, empty weeks included). */
export function throughputPerWeek(
  done: readonly Completion[],
  now: number,
  weeks: number,
): Array<{ weekStart: number; count: number }> {
  const first = weekStart(now) - (weeks - 1) * WEEK_MS;
  const out = Array.from({ length: weeks }, (_, i) => ({
    weekStart: first + i * WEEK_MS,
    count: 0,
  }));
  for (const c of done) {
    const i = Math.floor((weekStart(c.doneAt) - first) / WEEK_MS);
    if (i >= 0 && i < weeks) out[i]!.count++;
  }
  return out;
}

/** Cards in a Stopped column now: ended on purpose, kept with what was learned. */
export function stoppedItems(
  cards: readonly FlowCard[],
  columns: readonly BoardColumn[],
  now: number,
): Array<{ card: string; stoppedAt: number }> {
  const out: Array<{ card: string; stoppedAt: number }> = [];
  for (const card of cards) {
    const stay = currentStay(card, columns, now);
    if (stay.column.stage === 'stopped') out.push({ card: card.id, stoppedAt: stay.from });
  }
  return out;
}

// ── Cumulative flow ────────────────────────────────────────────────────────

export interface CumulativeFlow {
  /** Sample times, oldest first (one per step, the last one is `now`). */
  times: number[];
  /** Per column, in board order: how many cards were in it at each time. */
  bands: Array<{ column: BoardColumn; counts: number[] }>;
}

/**
 * How many cards were in each column over time, from the history: the data of a
 * cumulative flow diagram (one band per column, stacked in board order).
 */
export function cumulativeFlow(
  cards: readonly FlowCard[],
  columns: readonly BoardColumn[],
  from: number,
  now: number,
  stepMs = DAY_MS,
): CumulativeFlow {
  const times: number[] = [];
  for (let t = now; t >= from && times.length < 1000; t -= stepMs) times.unshift(t);
  const index = new Map(columns.map((c, i) => [c.id, i]));
  const counts = columns.map(() => times.map(() => 0));
  for (const card of cards) {
    const history = stays(card, columns, now);
    times.forEach((t, ti) => {
      if (t < history[0]!.from) return; // not made yet
      let k = history.length - 1;
      while (k > 0 && history[k]!.from > t) k--;
      counts[index.get(history[k]!.column.id)!]![ti]!++;
    });
  }
  return { times, bands: columns.map((column, i) => ({ column, counts: counts[i]! })) };
}

/** The middle value (the mean of the two middle ones for an even count); null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}
