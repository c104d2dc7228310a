/** How revealed results read on cards and in the details, and how they order the board. */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readRounds, writeRevealedRound, type RoundRecordData } from '../../../shared/model';
import {
  badgeLabel,
  badgeText,
  citeText,
  compactNumber,
  latestResults,
  orderingRound,
  ordinal,
  parseBoardOrder,
  sortByRound,
} from '../../../renderer/src/document/round-results';

const HOST = { source: 'local' as const, detail: 'reveal' };
const base = { voters: 5, abstained: 0, unit: '', prompt: '', answers: 0 };

type Given = Pick<RoundRecordData, 'kind' | 'title' | 'at' | 'items'> & Partial<RoundRecordData>;

function rounds(records: Record<string, Given>) {
  const doc = new Y.Doc();
  for (const [id, r] of Object.entries(records))
    writeRevealedRound(doc, id, { ...base, ...r }, [], HOST);
  return readRounds(doc);
}

const items = ['a', 'b', 'c', 'd', 'e'];
const state = rounds({
  dots: {
    kind: 'dots',
    title: 'Which bets first?',
    at: 1,
    items,
    totals: { a: 3, b: 12, c: 1, d: 0, e: 7 },
  },
  fund: {
    kind: 'budget',
    title: 'Fund',
    at: 2,
    items: ['a', 'b', 'c'],
    funding: { a: 40_000, b: 2_500_000, c: 1_250 },
    unit: '€',
  },
  wsjf: {
    kind: 'score',
    title: 'Prioritise',
    at: 3,
    items: ['c', 'd'],
    scores: {
      c: { value: 8, time: 5, risk: 3, size: 5, wsjf: 3.2, rank: 2, scorers: 4 },
      d: { value: 13, time: 8, risk: 5, size: 3, wsjf: 8.67, rank: 1, scorers: 4 },
    },
  },
  ask: { kind: 'prompt', title: 'Hard truths', at: 4, items: [], prompt: 'Why?' },
});

describe('revealed results on cards', () => {
  it('number places as people say them', () => {
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 111].map(ordinal)).toEqual([
      '1st',
      '2nd',
      '3rd',
      '4th',
      '11th',
      '12th',
      '13th',
      '21st',
      '22nd',
      '101st',
      '111th',
    ]);
    expect([950, 9_999, 40_000, 1_250_000].map(compactNumber)).toEqual([
      '950',
      '9,999',
      '40k',
      '1.3M',
    ]);
  });

  it('badge each item with its latest vote, budget or score, and say it in words', () => {
    const latest = latestResults(state);
    // b was last in the budget round; d last in the scoring; e only in the dot vote.
    expect(badgeText(latest.get('b')!)).toBe('€2.5M');
    expect(badgeText(latest.get('a')!)).toBe('€40k');
    expect(badgeText(latest.get('d')!)).toBe('WSJF 8.7 #1');
    expect(badgeText(latest.get('e')!)).toBe('● 7');
    expect(badgeLabel(latest.get('e')!)).toBe('7 dots in Which bets first?, 2nd of 5');
    expect(badgeLabel(latest.get('b')!)).toBe('€2.5M in Fund, 1st of 3');
    expect(badgeLabel(latest.get('d')!)).toBe('WSJF 8.7 #1 of 2 in Prioritise');
    expect(citeText(latest.get('c')!)).toBe('Prioritise (2nd of 2, WSJF 3.2)');
    // A prompt ranks nothing: no badge comes from it.
    expect([...latest.keys()].sort()).toEqual(items);
  });

  it('a unit that is not a currency sign follows the amount', () => {
    const hours = rounds({
      h: {
        kind: 'budget',
        title: 'Time',
        at: 1,
        items: ['a'],
        funding: { a: 120 },
        unit: 'hours',
      },
    });
    const r = latestResults(hours).get('a')!;
    expect(badgeText(r)).toBe('120 hours');
    expect(badgeLabel(r)).toBe('120 hours in Time, 1st of 1');
  });
});

describe('the board ordered by a round', () => {
  const cards = ['x', 'a', 'b', 'c', 'y', 'd', 'e'].map((id) => ({ id }));

  it('puts the round’s items best first, the rest after in board order', () => {
    expect(sortByRound(cards, orderingRound(state, 'dots')).map((c) => c.id)).toEqual([
      'b',
      'e',
      'a',
      'c',
      'd',
      'x',
      'y',
    ]);
    expect(sortByRound(cards, orderingRound(state, 'budget')).map((c) => c.id)).toEqual([
      'b',
      'a',
      'c',
      'x',
      'y',
      'd',
      'e',
    ]);
    expect(sortByRound(cards, orderingRound(state, 'score')).map((c) => c.id)).toEqual([
      'd',
      'c',
      'x',
      'a',
      'b',
      'y',
      'e',
    ]);
    expect(sortByRound(cards, orderingRound(state, 'board'))).toEqual(cards);
  });

  it('orders by the latest round of a kind', () => {
    const two = rounds({
      first: { kind: 'dots', title: 'First', at: 1, items: ['a', 'b'], totals: { a: 5, b: 1 } },
      second: { kind: 'dots', title: 'Second', at: 9, items: ['a', 'b'], totals: { a: 1, b: 5 } },
    });
    expect(orderingRound(two, 'dots')?.title).toBe('Second');
    expect(orderingRound(two, 'budget')).toBeNull();
    expect(sortByRound([{ id: 'a' }, { id: 'b' }], orderingRound(two, 'dots'))).toEqual([
      { id: 'b' },
      { id: 'a' },
    ]);
  });

  it('reads a stored order, and anything else as the board’s own', () => {
    expect(parseBoardOrder('score')).toBe('score');
    expect(parseBoardOrder(null)).toBe('board');
    expect(parseBoardOrder('toString')).toBe('board');
  });
});
