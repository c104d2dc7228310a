import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { openDecision, ROOT_KEYS } from '../../../shared/model';
import { expectCanopyError, REMOTE, replicaOf, sync, clockedModel } from './helpers';

function setup() {
  const { clock, model } = clockedModel('alice');
  const ydoc = model.ydoc;
  model.initialise({
    title: 'Learning',
    vision: {
      title: 'Vision',
      children: [
        { title: 'Goal', children: [{ title: 'Bet', kind: 'bet', children: [{ title: 'Try' }] }] },
      ],
    },
  });
  const [goal, bet, initiative] = model.tree().order.slice(1) as [string, string, string];
  return { ydoc, model, clock, goal, bet, initiative };
}

describe('evidence', () => {
  it('is recorded on a node with stance, strength, source, date and who; edited; removed', () => {
    const { model, initiative } = setup();
    const id = model.addEvidence(initiative, {
      summary: '  12 sign-ups on the first Saturday ',
      stance: 'supports',
      source: 'https://example.org/notes',
    });
    expect(model.learning().evidenceByNode.get(initiative)).toEqual([
      {
        id,
        nodeId: initiative,
        summary: '12 sign-ups on the first Saturday',
        stance: 'supports',
        strength: 'moderate',
        source: 'https://example.org/notes',
        date: '2026-11-02',
        recordedBy: 'alice',
        recordedAt: Date.UTC(2026, 10, 2, 9),
      },
    ]);
    model.updateEvidence(id, { stance: 'contradicts', strength: 'strong', date: '2026-10-30' });
    expect(model.learning().evidenceByNode.get(initiative)![0]).toMatchObject({
      stance: 'contradicts',
      strength: 'strong',
      date: '2026-10-30',
    });
    model.removeEvidence(id);
    expect(model.learning().evidenceByNode.get(initiative)).toBeUndefined();
    expectCanopyError(() => model.updateEvidence(id, { summary: 'x' }), 'CANOPY-012');
  });

  it('refuses an empty summary, a bad date and unknown nodes; undo takes it back', () => {
    const { model, initiative } = setup();
    expectCanopyError(
      () => model.addEvidence(initiative, { summary: ' ', stance: 'supports' }),
      'CANOPY-006',
    );
    expectCanopyError(
      () => model.addEvidence(initiative, { summary: 'x', stance: 'supports', date: '2026-13-01' }),
      'CANOPY-006',
    );
    expectCanopyError(
      () => model.addEvidence('nope', { summary: 'x', stance: 'supports' }),
      'CANOPY-002',
    );
    model.addEvidence(initiative, { summary: 'Seen', stance: 'inconclusive' });
    model.undoManager.undo();
    expect(model.learning().evidenceByNode.get(initiative)).toBeUndefined();
  });
});

describe('decisions', () => {
  it('a request says who decides and by when; recording it closes it', () => {
    const { model, clock, bet } = setup();
    const id = model.requestDecision(bet, { decider: 'Board', due: '2026-11-10' });
    expect(openDecision(model.learning(), bet)).toMatchObject({
      id,
      decider: 'Board',
      due: '2026-11-10',
    });
    expectCanopyError(() => model.requestDecision(bet), 'CANOPY-013');
    clock.now += 3 * 86_400_000;
    const evidence = model.addEvidence(bet, { summary: 'Loans up', stance: 'supports' });
    expect(
      model.recordDecision(bet, {
        outcome: 'scale',
        rationale: 'It works',
        evidence: [evidence, 'bogus'],
      }),
    ).toBe(id);
    expect(model.learning().decisionsByNode.get(bet)).toEqual([
      expect.objectContaining({
        id,
        outcome: 'scale',
        rationale: 'It works',
        evidence: [evidence],
        requestedAt: Date.UTC(2026, 10, 2, 9),
        decidedAt: Date.UTC(2026, 10, 5, 9),
        decidedBy: 'alice',
      }),
    ]);
    expect(openDecision(model.learning(), bet)).toBeUndefined();
  });

  it('a stop asks what was learned and puts the card in Stopped', () => {
    const { model, initiative } = setup();
    model.moveCard(initiative, 'implementing');
    expectCanopyError(() => model.recordDecision(initiative, { outcome: 'stop' }), 'CANOPY-014');
    expect(model.cardColumn(initiative).id).toBe('implementing');
    model.recordDecision(initiative, { outcome: 'stop', learning: 'Residents prefer evenings' });
    expect(model.cardColumn(initiative).id).toBe('stopped');
    expect(model.learning().decisionsByNode.get(initiative)![0]!.learning).toBe(
      'Residents prefer evenings',
    );
  });

  it('a decision recorded without a request is one transaction and one undo step', () => {
    const { model, bet } = setup();
    model.undoManager.stopCapturing();
    let updates = 0;
    model.ydoc.on('update', () => updates++);
    const id = model.recordDecision(bet, { outcome: 'pivot', rationale: 'Lockers, not vans' });
    // Peers never see a request that is not yet decided.
    expect(updates).toBe(1);
    const [decision] = model.learning().decisionsByNode.get(bet)!;
    expect(decision).toMatchObject({
      id,
      outcome: 'pivot',
      requestedBy: 'alice',
      decidedBy: 'alice',
    });
    expect(decision!.requestedAt).toBe(decision!.decidedAt);
    model.undoManager.stopCapturing();
    model.undoManager.undo();
    expect(model.learning().decisionsByNode.get(bet)).toBeUndefined();
  });

  it('only bets and initiatives take decisions; a withdrawn request is gone', () => {
    const { model, goal, bet } = setup();
    expectCanopyError(() => model.requestDecision(goal), 'CANOPY-008');
    const id = model.requestDecision(bet);
    model.withdrawDecision(id);
    expect(openDecision(model.learning(), bet)).toBeUndefined();
  });

  it('evidence from two peers merges; a peer’s garbage record is skipped and reported', () => {
    const a = setup();
    const b = replicaOf(a.ydoc);
    a.model.addEvidence(a.initiative, { summary: 'From Alice', stance: 'supports' });
    b.model.addEvidence(a.initiative, { summary: 'From Bob', stance: 'contradicts' });
    sync(a.ydoc, b.ydoc);
    for (const m of [a.model, b.model])
      expect(
        m
          .learning()
          .evidenceByNode.get(a.initiative)!
          .map((e) => e.summary)
          .sort(),
      ).toEqual(['From Alice', 'From Bob']);
    a.ydoc.transact(() => {
      a.ydoc.getMap(ROOT_KEYS.evidence).set('junk', 'not a record');
      a.ydoc.getMap(ROOT_KEYS.decisions).set('bad', new Y.Map(Object.entries({ nodeId: a.bet })));
    }, REMOTE);
    expect(a.model.learning().evidenceByNode.get(a.initiative)).toHaveLength(2);
    expect(a.model.issues().map((i) => i.field)).toEqual(
      expect.arrayContaining(['evidence.junk', 'decisions.bad']),
    );
  });
});
