/**
 * Sealed rounds: dot votes, budgets, scores and anonymous answers go to the host only,
 * fit their round or are refused, are seen by nobody before the reveal (not even the
 * facilitator), survive a host restart, and tally right.
 */
import { describe, expect, it } from 'vitest';
import {
  ballotProblem,
  newIdentity,
  RoomHost,
  tally,
  type Ballot,
  type RoundConfig,
  type RoundResult,
  type SavedRoom,
} from '../../../shared/sync';
import { join, now, pass, type Screen } from './room-harness';

const ITEMS = ['bet-a', 'bet-b', 'bet-c'];
const DOTS: RoundConfig = {
  kind: 'dots',
  title: 'Which bets first?',
  items: ITEMS,
  dots: 3,
  cap: 2,
  mustUseAll: false,
  open: false,
};

/** A room with a facilitator and `names` participants, a round opened by the facilitator. */
async function room(config: RoundConfig, names: string[], saved?: SavedRoom | null) {
  const facilitator = newIdentity();
  const saves: SavedRoom[] = [];
  const reveals: RoundResult[] = [];
  const host = new RoomHost({
    now,
    facilitator: facilitator.key,
    saved,
    save: (s) => saves.push(structuredClone(s)),
    onReveal: (_id, _config, result) => reveals.push(result),
  });
  const f = join(host, 'Fay', { identity: facilitator });
  const people = names.map((n) => join(host, n));
  await pass(50);
  if (!saved?.round) f.client.openRound(config);
  await pass(50);
  const id = f.client.snapshot!.round!.id;
  return { host, f, people, id, saves, reveals };
}

/** Everything `screen` was ever told, as text: to look for ballots that are not its own. */
const told = (screen: Screen) => JSON.stringify(screen.received);

describe('ballot rules', () => {
  it('refuses what does not fit the round', () => {
    const cases: Array<[RoundConfig, Ballot, RegExp | null]> = [
      [DOTS, { dots: { 'bet-a': 2, 'bet-b': 1 } }, null],
      [DOTS, { dots: { 'bet-a': 3 } }, /at most 2 dots on one item/],
      [DOTS, { dots: { 'bet-a': 2, 'bet-b': 2 } }, /at most 3 dots in all/],
      [DOTS, { dots: { 'bet-z': 1 } }, /not in this round/],
      [{ ...DOTS, mustUseAll: true }, { dots: { 'bet-a': 1 } }, /use all 3 dots/],
      [{ ...DOTS, mustUseAll: true }, { abstain: true }, null],
      [DOTS, { budget: { 'bet-a': 1 } }, /takes dots/],
      [
        { kind: 'budget', title: 'Fund', items: ITEMS, budget: 100, unit: 'k€' },
        { budget: { 'bet-a': 60, 'bet-b': 50 } },
        /at most 100 k€/,
      ],
      [
        { kind: 'prompt', title: 'Truths', prompt: 'What is hard to say?' },
        { abstain: true },
        /answer the prompt/,
      ],
    ];
    for (const [config, ballot, problem] of cases) {
      const found = ballotProblem(config, ballot);
      if (problem) expect(found).toMatch(problem);
      else expect(found).toBeNull();
    }
  });

  it('tallies scores into averages, WSJF and a rank', () => {
    const config: RoundConfig = { kind: 'score', title: 'WSJF', items: ['a', 'b'] };
    const ballots = new Map<string, Ballot>([
      [
        'k1',
        {
          scores: {
            a: { value: 8, time: 5, risk: 3, size: 2 },
            b: { value: 2, time: 1, risk: 1, size: 8 },
          },
        },
      ],
      ['k2', { scores: { a: { value: 13, time: 5, risk: 5, size: 3 } } }],
      ['k3', { abstain: true }],
    ]);
    const result = tally(config, ballots, [], (x) => x);
    expect(result).toEqual({
      kind: 'score',
      voters: 2,
      abstained: 1,
      items: {
        a: { value: 10.5, time: 5, risk: 4, size: 2.5, wsjf: 7.8, rank: 1, scorers: 2 },
        b: { value: 2, time: 1, risk: 1, size: 8, wsjf: 0.5, rank: 2, scorers: 1 },
      },
    });
  });
});

describe('a sealed dot vote', () => {
  it('nobody sees a ballot before the reveal, the facilitator included; the totals are right', async () => {
    const { f, people, id, reveals } = await room(DOTS, ['Ada', 'Bea', 'Cleo']);
    const [ada, bea, cleo] = people as [Screen, Screen, Screen];
    ada.client.vote(id, { dots: { 'bet-a': 2, 'bet-c': 1 } });
    bea.client.vote(id, { dots: { 'bet-b': 2, 'bet-c': 1 } });
    cleo.client.vote(id, { abstain: true });
    await pass(50);
    // Everyone knows how many voted, and only their own ballot.
    for (const s of [f, ada, bea, cleo]) expect(s.client.snapshot!.round!.voters).toBe(3);
    expect(ada.client.snapshot!.mine!.ballot).toEqual({ dots: { 'bet-a': 2, 'bet-c': 1 } });
    expect(f.client.snapshot!.mine!.ballot).toBeNull();
    expect(told(f)).not.toMatch(/"dots":\{"bet/);
    expect(told(bea)).not.toContain('"bet-a":2');
    expect(told(cleo)).not.toMatch(/"dots":\{"bet/);

    f.client.closeRound(id, true);
    await pass(50);
    expect(reveals).toEqual([
      {
        kind: 'dots',
        totals: { 'bet-a': 2, 'bet-b': 2, 'bet-c': 2 },
        voters: 2,
        abstained: 1,
      },
    ]);
    for (const s of [f, ada, bea, cleo]) {
      expect(s.revealed.map((r) => r.result)).toEqual(reveals);
      expect(s.client.snapshot!.round).toBeNull();
    }
  });

  it('an open vote, chosen before it starts, reveals who voted what', async () => {
    const { f, people, id, reveals } = await room({ ...DOTS, open: true }, ['Ada']);
    people[0]!.client.vote(id, { dots: { 'bet-b': 1 } });
    await pass(30);
    f.client.closeRound(id, true);
    await pass(30);
    expect(reveals[0]).toMatchObject({ byVoter: { [people[0]!.identity.key]: { 'bet-b': 1 } } });
  });

  it('refuses the hostile: too many dots, items outside the round, a closed round, a participant revealing', async () => {
    const { f, people, id, reveals } = await room(DOTS, ['Mallory', 'Ada']);
    const [mallory, ada] = people as [Screen, Screen];
    mallory.client.vote(id, { dots: { 'bet-a': 2, 'bet-b': 2 } });
    await pass(30);
    expect(mallory.client.refusal).toMatchObject({ code: 'CANOPY-508' });
    mallory.client.vote(id, { dots: { 'not-in-round': 1 } });
    mallory.client.vote('0'.repeat(16), { dots: { 'bet-a': 1 } });
    await pass(30);
    expect(mallory.client.refusal).toMatchObject({ code: 'CANOPY-507' });
    mallory.client.closeRound(id, true);
    mallory.client.openRound(DOTS);
    await pass(30);
    expect(mallory.client.refusal).toMatchObject({ code: 'CANOPY-501' });
    // A later ballot replaces an earlier one: one ballot each.
    ada.client.vote(id, { dots: { 'bet-a': 1 } });
    ada.client.vote(id, { dots: { 'bet-c': 1 } });
    await pass(30);
    expect(f.client.snapshot!.round!.voters).toBe(1);
    f.client.closeRound(id, true);
    await pass(30);
    expect(reveals[0]).toMatchObject({ totals: { 'bet-a': 0, 'bet-b': 0, 'bet-c': 1 } });
  });

  it('a host restart loses no ballot, and a reload gets its own ballot back', async () => {
    const first = await room(DOTS, ['Ada', 'Bea']);
    first.people[0]!.client.vote(first.id, { dots: { 'bet-a': 2 } });
    await pass(30);
    const saved = first.saves.at(-1)!;
    // A new host process from what the old one saved; Ada comes back with her key.
    const facilitatorKey = first.f.identity;
    const reveals: RoundResult[] = [];
    const host2 = new RoomHost({
      now,
      facilitator: facilitatorKey.key,
      saved,
      onReveal: (_i, _c, r) => reveals.push(r),
    });
    const f = join(host2, 'Fay', { identity: facilitatorKey });
    const ada = join(host2, 'Ada', { identity: first.people[0]!.identity });
    const bea = join(host2, 'Bea', { identity: first.people[1]!.identity });
    await pass(50);
    expect(ada.client.snapshot!.mine!.ballot).toEqual({ dots: { 'bet-a': 2 } });
    bea.client.vote(first.id, { dots: { 'bet-b': 1 } });
    await pass(30);
    f.client.closeRound(first.id, true);
    await pass(30);
    expect(reveals[0]).toMatchObject({ totals: { 'bet-a': 2, 'bet-b': 1, 'bet-c': 0 }, voters: 2 });
  });
});

describe('anonymous answers', () => {
  it('a reveal of more answers than a room message holds still reaches everyone', async () => {
    const prompt: RoundConfig = { kind: 'prompt', title: 'Many', prompt: 'Say it all' };
    const names = Array.from({ length: 14 }, (_, i) => `P${i}`);
    const { f, people, id, reveals } = await room(prompt, names);
    // 14 people × 20 answers × 1,000 characters: 280 kB, over a message to a participant.
    for (const [i, p] of people.entries())
      for (let a = 0; a < 20; a++) p.client.answer(id, `${i}-${a} `.padEnd(1000, 'x'));
    await pass(200);
    expect(f.client.snapshot!.round!.voters).toBe(14);
    f.client.closeRound(id, true);
    await pass(100);
    expect((reveals[0] as { answers: string[] }).answers).toHaveLength(280);
    for (const s of [f, ...people]) {
      expect(s.revealed).toHaveLength(1);
      expect(s.revealed[0]!.result).toEqual({ kind: 'prompt', prompt: 'Say it all', answers: 280 });
    }
  });

  it('are kept without their authors, revealed shuffled, and limited per person', async () => {
    const prompt: RoundConfig = {
      kind: 'prompt',
      title: 'Reflection',
      prompt: 'What truths are hardest to say in review forums?',
    };
    const { f, people, id, saves, reveals } = await room(prompt, ['Ada', 'Bea']);
    const [ada, bea] = people as [Screen, Screen];
    ada.client.answer(id, 'Ada-secret: that the pilot is failing');
    bea.client.answer(id, 'Bea-secret: that we fund pet projects');
    bea.client.answer(id, 'Bea-second: nobody reads the reports');
    await pass(50);
    expect(f.client.snapshot!.round!.voters).toBe(2);
    expect(bea.client.snapshot!.mine!.answers).toBe(2);
    // Nobody else was told an answer; what the host keeps names nobody by answer.
    for (const s of [f, ada]) expect(told(s)).not.toContain('Bea-secret');
    // What the host keeps: the texts on their own, and how many each person gave.
    const kept = saves.at(-1)!.round!;
    expect([...kept.answers].sort()).toEqual([
      'Ada-secret: that the pilot is failing',
      'Bea-second: nobody reads the reports',
      'Bea-secret: that we fund pet projects',
    ]);
    expect(new Map(kept.answered)).toEqual(
      new Map([
        [ada.identity.key, 1],
        [bea.identity.key, 2],
      ]),
    );
    expect(kept.ballots).toEqual([]);
    for (let i = 0; i < 20; i++) ada.client.answer(id, `more ${i}`);
    await pass(50);
    expect(ada.client.refusal).toMatchObject({ code: 'CANOPY-509' });
    f.client.closeRound(id, true);
    await pass(50);
    const result = reveals[0] as Extract<RoundResult, { kind: 'prompt' }>;
    expect(result.answers).toHaveLength(22);
    expect(result.answers).toEqual(
      expect.arrayContaining(['Bea-secret: that we fund pet projects']),
    );
    expect(JSON.stringify(result)).not.toContain(ada.identity.key);
  });
});
