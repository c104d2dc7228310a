import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CanopyDoc } from '../../../shared/model';
import {
  ballotProblem,
  RoundConfigSchema,
  type RoundConfig,
} from '../../../shared/sync/room/rounds';
import * as v from 'valibot';
import {
  canAddDot,
  changeDots,
  completeScores,
  dotsLeft,
  parseAmount,
  sameBallot,
} from '../../../renderer/src/room/votes/ballot-draft';
import {
  defaultForm,
  formItems,
  itemSets,
  pickable,
  roundFromForm,
  setupProblems,
  type SetupForm,
} from '../../../renderer/src/room/votes/round-setup';

function riverbend() {
  const model = new CanopyDoc(new Y.Doc());
  model.initialise({
    title: 'Riverbend',
    vision: {
      title: 'Vision',
      children: [
        {
          title: 'Goal',
          kind: 'goal',
          children: [
            { title: 'Bet A', kind: 'bet', children: [{ title: 'Init 1', kind: 'initiative' }] },
            { title: 'Bet B', kind: 'bet' },
          ],
        },
      ],
    },
  });
  const tree = model.tree();
  const nodes = new Map(tree.order.map((id) => [id, model.node(id)!]));
  const id = (title: string) => [...nodes.values()].find((n) => n.title === title)!.id;
  return { model, id, view: () => ({ order: tree.order, nodes, board: model.board() }) };
}

describe('setting a round up', () => {
  it('offers the bets, the initiatives and each board column that has cards', () => {
    const { model, id, view } = riverbend();
    model.moveCard(id('Bet B'), 'ready');
    const sets = itemSets(view());
    expect(sets.map((s) => [s.id, s.label, s.items])).toEqual([
      ['bets', 'The bets', [id('Bet A'), id('Bet B')]],
      ['initiatives', 'The initiatives', [id('Init 1')]],
      ['column:funnel', 'Cards in Funnel', [id('Bet A'), id('Init 1')]],
      ['column:ready', 'Cards in Ready', [id('Bet B')]],
    ]);
    expect(pickable(view()).map((n) => n.title)).toEqual(['Goal', 'Bet A', 'Init 1', 'Bet B']);
  });

  it('makes a dot vote the host accepts from the defaults', () => {
    const { view } = riverbend();
    const sets = itemSets(view());
    const form = defaultForm(sets);
    const items = formItems(form, sets);
    expect(setupProblems(form, items)).toEqual({});
    const round = roundFromForm(form, items);
    expect(v.is(RoundConfigSchema, round)).toBe(true);
    expect(round).toMatchObject({ kind: 'dots', dots: 3, cap: 2, mustUseAll: false, open: false });
  });

  it('says what is wrong, field by field', () => {
    const { view } = riverbend();
    const sets = itemSets(view());
    const base = defaultForm(sets);
    const problems = (patch: Partial<SetupForm>) => {
      const form = { ...base, ...patch };
      return setupProblems(form, formItems(form, sets));
    };
    expect(problems({ title: '  ' }).title).toMatch(/Give the round a title/);
    expect(problems({ itemSet: 'pick', picked: [] }).items).toMatch(/at least one item/);
    expect(problems({ dots: '0' }).dots).toMatch(/1 to 100/);
    expect(problems({ dots: '2.5' }).dots).toMatch(/whole number/);
    expect(problems({ dots: '3', cap: '4' }).cap).toMatch(/No more than the dots/);
    // Two bets, at most 2 each: 5 dots cannot all be placed.
    expect(problems({ dots: '5', cap: '2', mustUseAll: true }).dots).toMatch(/nobody can place 5/);
    expect(problems({ dots: '5', cap: '2', mustUseAll: false }).dots).toBeUndefined();
    expect(problems({ kind: 'budget', budget: 'ten' }).budget).toMatch(/whole number/);
    expect(problems({ kind: 'budget', unit: 'thousand euros' }).unit).toMatch(/12 characters/);
    expect(problems({ kind: 'prompt', prompt: ' ' }).prompt).toMatch(/Write the question/);
    // A prompt needs no items.
    expect(problems({ kind: 'prompt', itemSet: 'pick', picked: [] })).toEqual({});
  });

  it('makes budget, score and prompt rounds that fit the protocol', () => {
    const { view } = riverbend();
    const sets = itemSets(view());
    const base = defaultForm(sets);
    for (const kind of ['budget', 'score', 'prompt'] as const) {
      const form = { ...base, kind };
      const round = roundFromForm(form, formItems(form, sets));
      expect(v.is(RoundConfigSchema, round), kind).toBe(true);
    }
  });
});

describe('a ballot while it is made', () => {
  const config: Extract<RoundConfig, { kind: 'dots' }> = {
    kind: 'dots',
    title: 'T',
    items: ['a', 'b'],
    dots: 3,
    cap: 2,
    mustUseAll: true,
    open: false,
  };

  it('keeps within the dots and the cap, as the host does', () => {
    let dots = {};
    dots = changeDots(dots, 'a', 1);
    dots = changeDots(dots, 'a', 1);
    expect(canAddDot(config, dots, 'a')).toBe(false);
    expect(canAddDot(config, dots, 'b')).toBe(true);
    expect(ballotProblem(config, { dots })).toMatch(/use all 3/);
    dots = changeDots(dots, 'b', 1);
    expect(dotsLeft(config, dots)).toBe(0);
    expect(canAddDot(config, dots, 'b')).toBe(false);
    expect(ballotProblem(config, { dots })).toBeNull();
    expect(changeDots({ a: 1 }, 'a', -1)).toEqual({});
  });

  it('reads typed amounts and complete scores, and compares ballots by content', () => {
    expect(parseAmount(' 40 ')).toBe(40);
    expect(parseAmount('')).toBe(0);
    expect(parseAmount('4.5')).toBeNull();
    expect(parseAmount('-3')).toBeNull();
    expect(completeScores({ a: { value: 1, time: 2, risk: 3, size: 5 }, b: { value: 1 } })).toEqual(
      { a: { value: 1, time: 2, risk: 3, size: 5 } },
    );
    expect(sameBallot({ dots: { a: 1, b: 2 } }, { dots: { b: 2, a: 1 } })).toBe(true);
    expect(sameBallot({ dots: { a: 1 } }, { dots: { a: 2 } })).toBe(false);
    expect(sameBallot(null, { abstain: true })).toBe(false);
  });
});
