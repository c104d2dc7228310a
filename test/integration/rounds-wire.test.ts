/**
 * Sealed rounds on the wire: a real headless host, a facilitator and three
 * participants on 127.0.0.1. Every document update and state vector each of them
 * receives (tapped at their update guard, after decryption) and every room message
 * (tapped before their RoomClient reads it) is kept; before the reveal none of it may
 * hold a ballot, an answer or who voted, and the document holds no round. After the
 * reveal the document holds the right totals, still naming no one.
 *
 * How a ballot would show if one leaked: each voter's identity key (what the host
 * keys ballots by), the distinctive amounts of the budget round, each ballot's own
 * JSON, and the answers' marked texts.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { WorkerUpdateGuard } from '../../electron/peer/worker-update-guard';
import { readRounds } from '../../shared/model';
import {
  newIdentity,
  type Ballot,
  type Identity,
  type RoomClient,
  type UpdateGuard,
} from '../../shared/sync';
import { canonicalJson } from '../fuzz/convergence';
import { startHostProcess, stopProcess } from './host-process';
import { CODE, roomSide, startPeer, waitFor } from './peers';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const decoder = new TextDecoder('utf-8', { fatal: false });

interface Person {
  name: string;
  identity: Identity;
  doc: Y.Doc;
  /** What reached this person, decrypted: document updates and state vectors... */
  updates: Uint8Array[];
  /** ...and room messages. */
  roomMessages: Uint8Array[];
  room: () => RoomClient;
  model: Awaited<ReturnType<typeof startPeer>>['model'];
}

async function join(name: string, port: number): Promise<Person> {
  const identity = newIdentity();
  const updates: Uint8Array[] = [];
  const roomMessages: Uint8Array[] = [];
  const inner = new WorkerUpdateGuard();
  cleanups.push(() => inner.close());
  const guard: UpdateGuard = {
    checkUpdate: (u) => (updates.push(u.slice()), inner.checkUpdate(u)),
    checkStateVector: (v) => (updates.push(v.slice()), inner.checkStateVector(v)),
    close: () => {},
  };
  const side = roomSide(identity, name, { tap: (m) => roomMessages.push(m.slice()) });
  const p = await startPeer({ guard, onRoom: side.onRoom });
  cleanups.push(() => p.peer.stop());
  p.peer.connect({ host: '127.0.0.1', port });
  await waitFor(side.seated, `${name} in the room`);
  await waitFor(() => p.model.tree().order.length > 3, `${name} to get the tree`);
  return {
    name,
    identity,
    doc: p.doc,
    updates,
    roomMessages,
    room: side.room,
    model: p.model,
  };
}

/**
 * Everything in a document, every top-level type, as text: also types no code of ours
 * defines, which a document that only received updates holds untyped (read as a map
 * if it has keys, else as a list).
 */
function docText(doc: Y.Doc): string {
  const all: Record<string, unknown> = {};
  for (const [key, type] of doc.share) {
    const untyped = type.constructor === Y.AbstractType;
    const typed = !untyped
      ? type
      : (type as Y.AbstractType<unknown>)._map.size > 0
        ? doc.getMap(key)
        : doc.getArray(key);
    all[key] = typed.toJSON();
  }
  return canonicalJson(all);
}

/**
 * What the person received, as text: the document the received updates make (every
 * top-level type), then each chunk as it came (updates, state vectors, room messages).
 */
function received(person: Person): { doc: string; all: string } {
  const mirror = new Y.Doc();
  for (const chunk of person.updates)
    try {
      Y.applyUpdate(mirror, chunk);
    } catch {
      // a state vector: read as text below
    }
  const text = (chunks: Uint8Array[]) => chunks.map((c) => decoder.decode(c)).join('\n');
  const doc = [docText(mirror), docText(person.doc), text(person.updates)].join('\n');
  return { doc, all: doc + '\n' + text(person.roomMessages) };
}

async function setUp() {
  const data = await mkdtemp(path.join(tmpdir(), 'canopy-rounds-wire-'));
  cleanups.push(() => rm(data, { recursive: true, force: true }));
  const host = await startHostProcess(data, ['--code', CODE, '--init', 'example']);
  cleanups.push(() => stopProcess(host.child));
  const token = /&facilitator=([0-9a-f]{32})/.exec(
    host.output.find((l) => l.includes('&facilitator='))!,
  )![1]!;
  const fay = await join('Fay', host.port);
  fay.room().claim(token);
  await waitFor(() => fay.room().isFacilitator, 'Fay to facilitate');
  const bets = fay.model
    .tree()
    .order.filter((id) => fay.model.node(id)?.kind === 'bet')
    .slice(0, 3);
  expect(bets).toHaveLength(3);
  return { host, fay, bets };
}

/** Everyone has what was sent before: an edit made now reached every one of them. */
async function barrier(fay: Person, people: Person[], label: string) {
  const id = fay.model.tree().order[1]!;
  fay.model.updateNode(id, { description: label });
  for (const p of people)
    await waitFor(() => p.model.node(id)?.description === label, `${p.name} to pass ${label}`);
}

/**
 * Nothing of `secrets` may be in anything a person received, nor `docSecrets` in any
 * document update they received (identity keys are in the room's list of people, by
 * design, but a document holding one would tie a ballot to a person).
 */
function expectNoneOf(
  people: Person[],
  secrets: string[],
  docSecrets: string[],
  when: string,
  revealedBefore = 0,
) {
  for (const p of people) {
    const seen = received(p);
    for (const secret of secrets)
      expect(seen.all.includes(secret), `${p.name} received “${secret}” ${when}`).toBe(false);
    for (const secret of docSecrets)
      expect(seen.doc.includes(secret), `${p.name}'s updates hold “${secret}” ${when}`).toBe(false);
    expect(readRounds(p.doc).rounds, `${p.name}'s document holds a round ${when}`).toHaveLength(
      revealedBefore,
    );
  }
}

const ballotJson = (ballot: Ballot) =>
  canonicalJson('dots' in ballot ? ballot.dots : 'budget' in ballot ? ballot.budget : ballot);

describe('sealed rounds on the wire', () => {
  it('no ballot reaches anyone or the document before the reveal; then the totals do', async () => {
    const { host, fay, bets } = await setUp();
    const [x, y, z] = bets as [string, string, string];
    const ada = await join('Ada', host.port);
    const bea = await join('Bea', host.port);
    const everyone = [fay, ada, bea];

    // A dot vote; Cai joins after it opened and votes too.
    fay.room().openRound({
      kind: 'dots',
      title: 'Which bets first?',
      items: bets,
      dots: 3,
      cap: 2,
      mustUseAll: false,
      open: false,
    });
    await waitFor(() => ada.room().snapshot?.round != null, 'the round to open');
    const cai = await join('Cai', host.port);
    everyone.push(cai);
    const id = cai.room().snapshot!.round!.id;
    const dots: [Person, Ballot][] = [
      [ada, { dots: { [x]: 2, [y]: 1 } }],
      [bea, { dots: { [x]: 1, [z]: 2 } }],
      [cai, { dots: { [y]: 2, [z]: 1 } }],
      [fay, { abstain: true }],
    ];
    for (const [p, ballot] of dots) p.room().vote(id, ballot);
    await waitFor(() => fay.room().snapshot?.round?.voters === 4, 'four ballots');
    for (const [p, ballot] of dots)
      await waitFor(
        () => canonicalJson(p.room().snapshot?.mine?.ballot) === canonicalJson(ballot),
        `${p.name}'s ballot to be kept`,
      );
    await barrier(fay, everyone, 'after the dot ballots');
    const keys = everyone.map((p) => p.identity.key);
    // Each person's own ballot came back to them (as "mine"); nobody else's did.
    for (const p of everyone) {
      const others = dots.filter(([q, b]) => q !== p && !('abstain' in b));
      expectNoneOf(
        [p],
        others.map(([, b]) => ballotJson(b)),
        keys,
        'before the reveal',
      );
    }

    fay.room().closeRound(id, true);
    for (const p of everyone)
      await waitFor(() => readRounds(p.doc).rounds.length === 1, `${p.name} to see the result`);
    const result = readRounds(bea.doc).rounds[0]!;
    expect(result).toMatchObject({
      kind: 'dots',
      title: 'Which bets first?',
      voters: 3,
      abstained: 1,
      totals: { [x]: 3, [y]: 3, [z]: 3 },
    });
    expect(result.byVoter).toBeUndefined();
    // A secret vote: after the reveal too, the document names no voter.
    for (const p of everyone) {
      const text = docText(p.doc);
      for (const k of keys) expect(text).not.toContain(k);
      for (const name of ['Ada', 'Bea', 'Cai']) expect(text).not.toContain(`"${name}"`);
    }

    // A budget round with amounts no document holds: any of them leaking shows.
    fay.room().openRound({
      kind: 'budget',
      title: 'Fund the bets',
      items: bets,
      budget: 90_000,
      unit: 'EUR',
    });
    await waitFor(() => cai.room().snapshot?.round?.config.kind === 'budget', 'the budget round');
    const budgetId = cai.room().snapshot!.round!.id;
    const budgets: [Person, Ballot][] = [
      [ada, { budget: { [x]: 41_737, [y]: 48_263 } }],
      [bea, { budget: { [x]: 12_919, [z]: 77_081 } }],
      [cai, { budget: { [y]: 30_553 } }],
    ];
    for (const [p, ballot] of budgets) p.room().vote(budgetId, ballot);
    await waitFor(() => fay.room().snapshot?.round?.voters === 3, 'three budgets');
    await barrier(fay, everyone, 'after the budgets');
    const amounts = ['41737', '48263', '12919', '77081', '30553'];
    for (const p of everyone) {
      const mine = budgets.find(([q]) => q === p)?.[1];
      const own = mine && 'budget' in mine ? Object.values(mine.budget).map(String) : [];
      expectNoneOf(
        [p],
        amounts.filter((n) => !own.includes(n)),
        amounts,
        'before the budget reveal',
        1,
      );
    }
    expect(readRounds(fay.doc).rounds).toHaveLength(1);

    fay.room().closeRound(budgetId, true);
    await waitFor(() => readRounds(cai.doc).rounds.length === 2, 'the funding');
    expect(readRounds(cai.doc).rounds[1]).toMatchObject({
      kind: 'budget',
      funding: { [x]: 54_656, [y]: 78_816, [z]: 77_081 },
      unit: 'EUR',
      voters: 3,
      ranking: [y, z, x],
    });
  });

  it('anonymous answers reach no one before the reveal, and no one after it knows whose', async () => {
    const { host, fay } = await setUp();
    const ada = await join('Ada', host.port);
    const bea = await join('Bea', host.port);
    const everyone = [fay, ada, bea];
    fay.room().openRound({
      kind: 'prompt',
      title: 'Hard truths',
      prompt: 'What truths are hardest to say in review forums?',
    });
    await waitFor(() => bea.room().snapshot?.round != null, 'the prompt');
    const id = bea.room().snapshot!.round!.id;
    const answers: [Person, string][] = [
      [ada, 'ANSWER-ADA-1 We fund bets nobody believes in'],
      [ada, 'ANSWER-ADA-2 Reviews punish bad news'],
      [bea, 'ANSWER-BEA-1 The roadmap is fixed before the evidence'],
      [fay, 'ANSWER-FAY-1 I decide too fast'],
    ];
    for (const [p, text] of answers) p.room().answer(id, text);
    await waitFor(() => fay.room().snapshot?.round?.voters === 3, 'three people answered');
    await waitFor(() => ada.room().snapshot?.mine?.answers === 2, 'Ada to have sent two');
    await barrier(fay, everyone, 'after the answers');
    // Nobody receives an answer before the reveal, not even their own back.
    expectNoneOf(everyone, ['ANSWER-'], ['ANSWER-'], 'before the reveal');

    fay.room().closeRound(id, true);
    for (const p of everyone)
      await waitFor(
        () => readRounds(p.doc).cardsByRound.get(id)?.length === 4,
        `${p.name}'s cards`,
      );
    const cards = readRounds(ada.doc).cardsByRound.get(id)!;
    expect(cards.map((c) => c.text).sort()).toEqual(answers.map(([, t]) => t).sort());
    expect(readRounds(ada.doc).rounds[0]).toMatchObject({ kind: 'prompt', answers: 4 });
    // Nothing written links a card to a person.
    const text = docText(ada.doc);
    for (const p of everyone) expect(text).not.toContain(p.identity.key);
    for (const card of cards)
      expect(Object.keys(card).sort()).toEqual(['group', 'id', 'order', 'round', 'text', 'used']);
  });
});
