import { describe, expect, it } from 'vitest';
import {
  activeWip,
  ageInColumn,
  completions,
  cumulativeFlow,
  DAY_MS,
  decisionWaits,
  effectiveTimes,
  isPending,
  stalledItems,
  stays,
  stoppedItems,
  throughputPerWeek,
  weekStart,
  wipByColumn,
  type DecisionWait,
  type FlowCard,
} from '../../../shared/flow/metrics';
import { DEFAULT_COLUMNS, type BoardColumn, type CardMove } from '../../../shared/model';

/** Day n at 09:00 UTC, counted from Monday 2026-11-02. */
const T0 = Date.UTC(2026, 10, 2, 9);
const day = (n: number) => T0 + n * DAY_MS;

let seq = 0;
/** A card made on `createdDay`, moved to each column on the given day (client 1 unless said). */
function card(
  id: string,
  createdDay: number,
  moves: Array<[to: string, onDay: number, client?: number]>,
  editedDay?: number,
): FlowCard {
  return {
    id,
    createdAt: day(createdDay),
    editedAt: editedDay === undefined ? 0 : day(editedDay),
    moves: moves.map(([to, d, client], i): CardMove => ({
      id: `${id}-m${i}`,
      card: id,
      from: null,
      to,
      at: day(d),
      by: 'tester',
      seq: ++seq,
      client: client ?? 1,
    })),
  };
}

const columns: BoardColumn[] = DEFAULT_COLUMNS.map((c) => ({ ...c }));
const withLimits = columns.map((c) =>
  c.id === 'implementing'
    ? { ...c, wipLimit: 2 }
    : c.id === 'reviewing'
      ? { ...c, wipLimit: 1 }
      : c,
);

describe('WIP', () => {
  it('counts each column against its limit; over only above the limit', () => {
    const cards = [
      card('a', 0, [['implementing', 1]]),
      card('b', 0, [['implementing', 2]]),
      card('c', 0, [
        ['reviewing', 1],
        ['implementing', 3],
      ]),
      card('d', 0, [['reviewing', 1]]),
      card('e', 0, []),
    ];
    const wip = wipByColumn(cards, withLimits, day(10));
    const of = (id: string) => wip.find((w) => w.column.id === id)!;
    expect(of('implementing')).toMatchObject({ count: 3, over: true });
    expect(of('reviewing')).toMatchObject({ count: 1, over: false });
    expect(of('funnel')).toMatchObject({ count: 1, over: false });
    expect(activeWip(wip)).toBe(4);
  });
});

describe('age and stalled', () => {
  it('age counts from entering the current column', () => {
    const c = card('a', 0, [
      ['reviewing', 1],
      ['implementing', 4],
    ]);
    expect(ageInColumn(c, columns, day(10))).toBe(6 * DAY_MS);
    expect(ageInColumn(card('new', 3, []), columns, day(10))).toBe(7 * DAY_MS);
  });

  it('stalled: active, and no move or edit for more than 14 days; age from the last move', () => {
    const cards = [
      card('quiet', 0, [['implementing', 1]]),
      card('edited', 0, [['implementing', 1]], 10),
      card('moved', 0, [
        ['implementing', 1],
        ['learning', 9],
      ]),
      card('funnel', 0, []),
      card('done', 0, [
        ['implementing', 1],
        ['done', 2],
      ]),
    ];
    const stalled = stalledItems(cards, columns, day(20));
    expect(stalled.map((s) => s.card.id)).toEqual(['quiet']);
    expect(stalled[0]!.ageMs).toBe(19 * DAY_MS);
    // Edited on day 10: not stalled on day 20, stalled from day 24 on, still aged from
    // day 1. Moved on day 9: stalled from day 23 on.
    const later = stalledItems(cards, columns, day(25));
    expect(later.map((s) => s.card.id)).toEqual(['quiet', 'edited', 'moved']);
    expect(later.find((s) => s.card.id === 'edited')).toMatchObject({
      ageMs: 24 * DAY_MS,
      quietMs: 15 * DAY_MS,
    });
    expect(stalledItems(cards, columns, day(20), 30 * DAY_MS)).toEqual([]);
  });

  it('stopped items are not stalled, and are listed as stopped', () => {
    const cards = [
      card('s', 0, [
        ['implementing', 1],
        ['stopped', 3],
      ]),
    ];
    expect(stalledItems(cards, columns, day(60))).toEqual([]);
    expect(stoppedItems(cards, columns, day(60))).toEqual([{ card: 's', stoppedAt: day(3) }]);
  });
});

describe('clock skew', () => {
  it('a move stamped earlier than the move before it counts as at that move', () => {
    // Client 2's clock is 3 days behind: its later move claims day 2.
    const c = card('a', 0, [
      ['reviewing', 5, 1],
      ['implementing', 2, 2],
    ]);
    expect(effectiveTimes(c, day(10))).toEqual([day(5), day(5)]);
    const s = stays(c, columns, day(10));
    expect(s.map((x) => [x.column.id, x.from, x.to])).toEqual([
      ['funnel', day(0), day(5)],
      ['reviewing', day(5), day(5)],
      ['implementing', day(5), null],
    ]);
    expect(s.every((x) => (x.to ?? day(10)) >= x.from)).toBe(true);
  });

  it('a move stamped in the future counts as now: no negative age', () => {
    const c = card('a', 0, [['implementing', 30]]);
    expect(ageInColumn(c, columns, day(10))).toBe(0);
    expect(stalledItems([c], columns, day(10))).toEqual([]);
  });
});

describe('decision latency', () => {
  const wait = (w: DecisionWait) => [
    w.card,
    (w.requestedAt - T0) / DAY_MS,
    w.decidedAt === null ? null : (w.decidedAt - T0) / DAY_MS,
    w.leftAt === null ? null : (w.leftAt - T0) / DAY_MS,
  ];

  it('a card that passes through an awaiting-decision column has left without a decision, not been decided', () => {
    const cards = [
      card('passed', 0, [
        ['reviewing', 1],
        ['analyzing', 1],
        ['ready', 1],
      ]),
      card('sat', 0, [
        ['analyzing', 2],
        ['implementing', 7],
      ]),
    ];
    const waits = decisionWaits(cards, columns, day(10));
    expect(waits.map(wait)).toEqual([
      ['passed', 1, null, 1],
      ['sat', 2, null, 7],
    ]);
    expect(waits.every((w) => w.column?.id === 'analyzing')).toBe(true);
    expect(waits.filter((w) => w.decidedAt !== null)).toEqual([]);
    expect(waits.filter(isPending)).toEqual([]);
  });

  it('a decision recorded while the card waits answers the wait, counted from its arrival', () => {
    const c = card('decided', 0, [
      ['analyzing', 2],
      ['implementing', 7],
    ]);
    // Decided on the spot on day 6 (requested and decided at once), while in Analyzing.
    const waits = decisionWaits([c], columns, day(10), [
      { card: 'decided', requestedAt: day(6), decidedAt: day(6) },
    ]);
    expect(waits.map(wait)).toEqual([['decided', 2, 6, null]]);
    expect(waits[0]!.ms).toBe(4 * DAY_MS);
  });

  it('a stop decides and leaves at the same instant: decided, not left', () => {
    const c = card('stopped', 0, [
      ['analyzing', 2],
      ['stopped', 5],
    ]);
    const waits = decisionWaits([c], columns, day(10), [
      { card: 'stopped', requestedAt: day(5), decidedAt: day(5) },
    ]);
    expect(waits.map(wait)).toEqual([['stopped', 2, 5, null]]);
  });

  it('pending waits last until now; an explicit request keeps the wait open after the card leaves', () => {
    const cards = [
      card('waiting', 0, [['analyzing', 4]]),
      card('asked', 0, [
        ['analyzing', 1],
        ['implementing', 3],
      ]),
      card('never', 0, [['reviewing', 1]]),
    ];
    const waits = decisionWaits(cards, columns, day(10), [
      { card: 'asked', requestedAt: day(2), decidedAt: day(8) },
    ]);
    expect(waits.map(wait)).toEqual([
      ['asked', 1, 8, null],
      ['waiting', 4, null, null],
    ]);
    expect(waits.filter(isPending).map((w) => w.ms)).toEqual([6 * DAY_MS]);
  });

  it('requests outside any awaiting column count from the request; on-the-spot decisions are not waits', () => {
    const c = card('c', 0, [['implementing', 1]]);
    const waits = decisionWaits([c], columns, day(10), [
      { card: 'c', requestedAt: day(2), decidedAt: day(5) },
      { card: 'c', requestedAt: day(6), decidedAt: day(6) },
      { card: 'c', requestedAt: day(7), decidedAt: null },
    ]);
    expect(waits.map(wait)).toEqual([
      ['c', 2, 5, null],
      ['c', 7, null, null],
    ]);
    expect(waits.map((w) => w.column)).toEqual([null, null]);
  });

  it('counts every wait of a card that comes back for another decision; skewed clocks never go negative', () => {
    const c = card('twice', 0, [
      ['analyzing', 1],
      ['implementing', 2],
      ['analyzing', 5],
      ['implementing', 9],
    ]);
    const waits = decisionWaits([c], columns, day(10), [
      { card: 'twice', requestedAt: day(1.5), decidedAt: day(1.5) },
      { card: 'other', requestedAt: day(3), decidedAt: day(1) }, // decided "before": skewed
    ]);
    expect(waits.map(wait)).toEqual([
      ['twice', 1, 1.5, null],
      ['twice', 5, null, 9],
    ]);
    expect(waits.every((w) => w.ms >= 0)).toBe(true);
  });

  it('moving from one awaiting column to another is one wait', () => {
    const twoGates = columns.map((c) => (c.id === 'ready' ? { ...c, awaitingDecision: true } : c));
    const c = card('gates', 0, [
      ['analyzing', 1],
      ['ready', 3],
      ['implementing', 4],
    ]);
    expect(decisionWaits([c], twoGates, day(10)).map(wait)).toEqual([['gates', 1, null, 4]]);
  });
});

describe('cycle time and throughput', () => {
  it('from the first start to the entry into Done that holds; backward moves reopen it', () => {
    const cards = [
      card('straight', 0, [
        ['reviewing', 1],
        ['implementing', 3],
        ['done', 8],
      ]),
      card('reopened', 0, [
        ['implementing', 2],
        ['done', 4],
        ['learning', 5],
        ['done', 11],
      ]),
      card('back-to-work', 0, [
        ['implementing', 2],
        ['done', 4],
        ['implementing', 6],
      ]),
      card('stopped', 0, [
        ['implementing', 1],
        ['stopped', 3],
      ]),
      card('skipped-ahead', 0, [['done', 6]]),
    ];
    const done = completions(cards, columns, day(12));
    expect(done.map((c) => [c.card, c.startedAt, c.doneAt, c.cycleMs / DAY_MS])).toEqual([
      ['skipped-ahead', day(6), day(6), 0],
      ['straight', day(1), day(8), 7],
      ['reopened', day(2), day(11), 9],
    ]);
  });

  it('throughput per week (Monday to Sunday, UTC), empty weeks included', () => {
    expect(new Date(weekStart(day(9))).toISOString()).toBe('2026-11-09T00:00:00.000Z');
    const cards = [
      card('w1a', 0, [
        ['implementing', 0],
        ['done', 1],
      ]),
      card('w1b', 0, [
        ['implementing', 0],
        ['done', 6],
      ]),
      card('w3', 0, [
        ['implementing', 0],
        ['done', 15],
      ]),
    ];
    const weeks = throughputPerWeek(completions(cards, columns, day(16)), day(16), 4);
    expect(weeks.map((w) => w.count)).toEqual([0, 2, 0, 1]);
    expect(weeks[1]!.weekStart).toBe(weekStart(T0));
  });
});

describe('cumulative flow', () => {
  it('one band per column; each day counts every card that existed, in the column it was in', () => {
    const cards = [
      card('a', 0, [
        ['reviewing', 1],
        ['implementing', 2],
        ['done', 4],
      ]),
      card('b', 1, [['implementing', 3]]),
      card('late', 5, []),
    ];
    const flow = cumulativeFlow(cards, columns, day(0), day(5));
    expect(flow.bands.map((b) => b.column.id)).toEqual(columns.map((c) => c.id));
    expect(flow.times).toEqual([0, 1, 2, 3, 4, 5].map(day));
    const band = (id: string) => flow.bands.find((b) => b.column.id === id)!.counts;
    expect(band('funnel')).toEqual([1, 1, 1, 0, 0, 1]);
    expect(band('reviewing')).toEqual([0, 1, 0, 0, 0, 0]);
    expect(band('implementing')).toEqual([0, 0, 1, 2, 1, 1]);
    expect(band('done')).toEqual([0, 0, 0, 0, 1, 1]);
    // Every day's bands add up to the cards that existed that day.
    const totals = flow.times.map((_, i) => flow.bands.reduce((n, b) => n + b.counts[i]!, 0));
    expect(totals).toEqual([1, 2, 2, 2, 2, 3]);
  });

  it('a card whose column was removed counts in the first column', () => {
    const c = card('a', 0, [['gone', 1]]);
    const flow = cumulativeFlow([c], columns, day(2), day(2));
    expect(flow.bands[0]!.counts).toEqual([1]);
  });
});
