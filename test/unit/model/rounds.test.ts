/**
 * Revealed rounds in the document: written once by the host, read through schemas,
 * ranked, and used by the room (answer cards into evidence, assumptions and items;
 * the top of a vote to Ready; a decision citing a vote).
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  answerCardsMap,
  cardColumn,
  formatItemValue,
  resultsFor,
  roundsMap,
  writeRevealedRound,
  type RoundRecordData,
} from '../../../shared/model';
import { roundRecord, tally, type RoundConfig } from '../../../shared/sync';
import { clockedModel, expectCanopyError, REMOTE, replicaOf, sync } from './helpers';

const HOST = { source: 'local' as const, detail: 'reveal' };

function setup() {
  const { clock, model } = clockedModel('Fiona');
  model.initialise({
    title: 'Workshop',
    vision: {
      title: 'Vision',
      children: [
        {
          title: 'Goal',
          children: [
            { kind: 'bet', title: 'Bet A' },
            { kind: 'bet', title: 'Bet B' },
            { kind: 'bet', title: 'Bet C' },
          ],
        },
      ],
    },
  });
  const order = model.tree().order;
  const [a, b, c] = order.filter((id) => model.node(id)?.kind === 'bet') as [
    string,
    string,
    string,
  ];
  return { clock, model, goal: order[1]!, a, b, c };
}

function dotsRecord(items: string[], totals: number[], at = 1): RoundRecordData {
  return {
    kind: 'dots',
    title: 'Which bets first?',
    at,
    items,
    voters: 3,
    abstained: 0,
    totals: Object.fromEntries(items.map((id, i) => [id, totals[i]!])),
    unit: '',
    prompt: '',
    answers: 0,
  };
}

describe('revealed rounds', () => {
  it('are written once, ranked best first, and reach every replica', () => {
    const { model, a, b, c } = setup();
    const other = replicaOf(model.ydoc);
    expect(writeRevealedRound(model.ydoc, 'r1', dotsRecord([a, b, c], [2, 5, 2]), [], HOST)).toBe(
      true,
    );
    // Told twice (a host restart, a reveal message repeated): the first stays.
    expect(writeRevealedRound(model.ydoc, 'r1', dotsRecord([a, b, c], [9, 9, 9]), [], HOST)).toBe(
      false,
    );
    sync(model.ydoc, other.ydoc);
    const [round] = other.model.rounds().rounds;
    expect(round).toMatchObject({ id: 'r1', totals: { [a]: 2, [b]: 5, [c]: 2 } });
    // Ties keep the round's order.
    expect(round!.ranking).toEqual([b, a, c]);
    expect(resultsFor(other.model.rounds(), a)).toMatchObject([{ place: 2, of: 3, value: 2 }]);
    expect(formatItemValue(round!, 1)).toBe('1 dot');
  });

  it('a result that does not fit its schema is refused before anything is written', () => {
    const { model, a } = setup();
    const bad = { ...dotsRecord([a], [1]), title: '' };
    expectCanopyError(() => writeRevealedRound(model.ydoc, 'r1', bad, [], HOST), 'CANOPY-006');
    expect(roundsMap(model.ydoc).size).toBe(0);
  });

  it('skips hostile records a peer wrote, and says so', () => {
    const { model, a } = setup();
    const other = replicaOf(model.ydoc);
    other.ydoc.transact(() => {
      roundsMap(other.ydoc).set('r-bad', { kind: 'dots', title: 'x'.repeat(5000), at: 1 });
      roundsMap(other.ydoc).set('r-ok', dotsRecord([a], [3]));
      answerCardsMap(other.ydoc).set('c-bad', { round: 'r-ok', text: 42 });
    }, REMOTE);
    sync(model.ydoc, other.ydoc);
    const state = model.rounds();
    expect(state.rounds.map((r) => r.id)).toEqual(['r-ok']);
    expect(state.issues.map((i) => i.field).sort()).toEqual(['answerCards.c-bad', 'rounds.r-bad']);
  });

  it('the sync side turns a tally into the record: an open vote names voters, a secret one never', () => {
    const { a, b } = setup();
    const config: RoundConfig = {
      kind: 'dots',
      title: 'Open vote',
      items: [a, b],
      dots: 2,
      cap: 2,
      mustUseAll: false,
      open: true,
    };
    const ballots = new Map([
      ['key-ada', { dots: { [a]: 2 } }],
      ['key-bea', { dots: { [b]: 1 } }],
    ]);
    const names = (key: string) => (key === 'key-ada' ? 'Ada' : 'Bea');
    const open = roundRecord(
      config,
      tally(config, ballots, [], (x) => x),
      7,
      names,
    );
    expect(open.byVoter).toEqual([
      { name: 'Ada', dots: { [a]: 2 } },
      { name: 'Bea', dots: { [b]: 1 } },
    ]);
    const secretConfig = { ...config, open: false };
    const secret = roundRecord(
      secretConfig,
      tally(secretConfig, ballots, [], (x) => x),
      7,
      names,
    );
    expect(secret.byVoter).toBeUndefined();
    expect(JSON.stringify(secret)).not.toMatch(/Ada|Bea|key-/);
  });
});

describe('answer cards', () => {
  function withAnswers() {
    const s = setup();
    writeRevealedRound(
      s.model.ydoc,
      'p1',
      {
        kind: 'prompt',
        title: 'Hard truths',
        at: 1,
        items: [],
        voters: 0,
        abstained: 0,
        prompt: 'What is hard to say?',
        unit: '',
        answers: 0,
      },
      ['Reviews punish bad news', 'Nobody owns the metrics', '  '],
      HOST,
    );
    return { ...s, cards: s.model.rounds().cardsByRound.get('p1')! };
  }

  it('are kept in the revealed order, empty answers dropped, with nothing about who wrote them', () => {
    const { model, cards } = withAnswers();
    expect(cards.map((c) => c.text)).toEqual([
      'Reviews punish bad news',
      'Nobody owns the metrics',
    ]);
    expect(model.rounds().rounds[0]).toMatchObject({ kind: 'prompt', answers: 2 });
  });

  it('group, and turn into evidence, an assumption or an item: one undo step each', () => {
    const { model, cards, a, goal } = withAnswers();
    model.groupAnswer(cards[0]!.id, ' Culture ');
    expect(model.rounds().cardsByRound.get('p1')![0]!.group).toBe('Culture');

    const evidence = model.useAnswer(cards[0]!.id, 'evidence', a, 'contradicts');
    expect(model.learning().evidenceByNode.get(a)![0]).toMatchObject({
      id: evidence,
      summary: 'Reviews punish bad news',
      stance: 'contradicts',
    });
    expect(model.rounds().cardsByRound.get('p1')![0]!.used).toEqual({
      as: 'evidence',
      id: evidence,
      nodeId: a,
    });
    expectCanopyError(() => model.useAnswer(cards[0]!.id, 'assumption', a), 'CANOPY-006');

    model.undoManager.stopCapturing();
    const item = model.useAnswer(cards[1]!.id, 'item', goal);
    expect(model.node(item)).toMatchObject({ title: 'Nobody owns the metrics', kind: 'bet' });
    expect(model.tree().parentOf.get(item)).toBe(goal);

    // Undo takes the item back and frees the card, together.
    model.undoManager.stopCapturing();
    model.undoManager.undo();
    expect(model.node(item)).toBeUndefined();
    expect(model.rounds().cardsByRound.get('p1')![1]!.used).toBeNull();
    expect(model.learning().evidenceByNode.get(a)).toHaveLength(1);
    const assumption = model.useAnswer(cards[1]!.id, 'assumption', a);
    expect(model.node(a)!.assumptions).toEqual([
      expect.objectContaining({ id: assumption, text: 'Nobody owns the metrics' }),
    ]);
  });
});

describe('the top of a vote to Ready', () => {
  it('moves the best N cards not yet there, one recorded move each, in one step', () => {
    const { model, a, b, c } = setup();
    writeRevealedRound(model.ydoc, 'r1', dotsRecord([a, b, c], [4, 7, 1]), [], HOST);
    model.moveCard(a, 'implementing');
    // a is past Ready already: the top two still ready to move are b and c.
    expect(model.moveTopTo('r1', 2, 'ready')).toEqual([b, c]);
    const board = model.board();
    expect(cardColumn(board, b).id).toBe('ready');
    expect(cardColumn(board, c).id).toBe('ready');
    expect(cardColumn(board, a).id).toBe('implementing');
    expect(board.movesByCard.get(b)!.map((m) => m.to)).toEqual(['ready']);
    expect(board.movesByCard.get(c)!.map((m) => m.to)).toEqual(['ready']);
    // Again: nothing left to move.
    expect(model.moveTopTo('r1', 2, 'ready')).toEqual([]);
    expectCanopyError(() => model.moveTopTo('nope', 2, 'ready'), 'CANOPY-012');
  });
});

describe('a decision citing a vote', () => {
  it('keeps the rounds the item was in, and drops any other', () => {
    const { model, a, b } = setup();
    writeRevealedRound(model.ydoc, 'r1', dotsRecord([a, b], [4, 7]), [], HOST);
    writeRevealedRound(model.ydoc, 'r2', dotsRecord([b], [1], 2), [], HOST);
    const id = model.recordDecision(a, { outcome: 'persevere', votes: ['r1', 'r2', 'r1'] });
    const decision = model
      .learning()
      .decisionsByNode.get(a)!
      .find((d) => d.id === id)!;
    expect(decision.votes).toEqual(['r1']);
  });
});

it('a document without rounds reads as none (older documents need no migration)', () => {
  const doc = new Y.Doc();
  const { model } = clockedModel();
  expect(model.rounds()).toEqual({ rounds: [], cardsByRound: new Map(), issues: [] });
  expect(doc.share.has('rounds')).toBe(false);
});
